import { h } from "../../../views/jsx.js";
import { Pagination } from "../../../views/pagination.js";
import { withQuery } from "../../../views/query-string.js";
import { can } from "../../accounts/roles.js";
import { AdminLayout, type AdminView, CsrfField } from "../../admin/views/admin-layout.js";
import type { MediaItem, MediaListing } from "../media.js";
import { mediaUrl } from "../responsive.js";

const MIB = 1024 * 1024;

export function formatBytes(bytes: number): string {
  if (bytes < MIB) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${Number((bytes / MIB).toFixed(1))} MB`;
}

const libraryHref = (q: string, page: number) => withQuery("/admin/media/", { q, page });

function MediaCard(props: { item: MediaItem; view: AdminView; canDelete: boolean }) {
  const { item, view } = props;
  // The smallest copy is plenty for a thumbnail.
  const thumbWidth = item.variantWidths[0] ?? item.width;
  return (
    <figure>
      <img
        src={mediaUrl(item.fileKey, thumbWidth, "webp")}
        alt={item.alt}
        width={thumbWidth}
        height={Math.round((item.height * thumbWidth) / item.width)}
        loading="lazy"
        decoding="async"
      />
      <figcaption>
        <label class="field">
          URL
          <input type="text" readonly value={item.url} />
        </label>
        <p class="hint">
          {item.originalName}
          <br />
          {item.width} × {item.height} px · {formatBytes(item.bytes)}
        </p>
        <form method="post" action={`/admin/media/${item.id}/alt`}>
          <CsrfField view={view} />
          <label class="field">
            Alt text
            <input type="text" name="alt" value={item.alt} maxlength={500} />
          </label>
          <button type="submit" class="secondary">
            Save alt text
          </button>
        </form>
        {props.canDelete ? (
          <form method="post" action={`/admin/media/${item.id}/delete`}>
            <CsrfField view={view} />
            <button type="submit" class="danger" data-confirm="Delete this image and all its sizes?">
              Delete
            </button>
          </form>
        ) : null}
      </figcaption>
    </figure>
  );
}

export function MediaLibraryPage(props: {
  view: AdminView;
  listing: MediaListing;
  q: string;
  uploadMaxBytes: number;
}) {
  const { view, listing, q } = props;
  const canDelete = view.staff ? can(view.staff.role, { kind: "media.delete" }) : false;
  return (
    <AdminLayout view={view} title="Media">
      <form
        class="stacked"
        method="post"
        enctype="multipart/form-data"
        // Multipart bodies are read after the CSRF check, so the token travels in the address.
        action={`/admin/media/?_csrf=${encodeURIComponent(view.csrfToken)}`}
      >
        <label>
          Image
          <small>JPEG, PNG, WebP, GIF or AVIF, up to {formatBytes(props.uploadMaxBytes)}.</small>
          <input
            type="file"
            name="file"
            required
            accept="image/jpeg,image/png,image/webp,image/gif,image/avif"
          />
        </label>
        <label>
          Alt text
          <small>What the image shows, for readers who cannot see it. Articles can change it.</small>
          <input type="text" name="alt" maxlength={500} />
        </label>
        <button type="submit">Upload</button>
      </form>
      <h2>Library</h2>
      <form class="filters" method="get" action="/admin/media/">
        <label>
          Name or alt text
          <input type="search" name="q" value={q} maxlength={200} />
        </label>
        <button type="submit" class="secondary">
          Search
        </button>
      </form>
      {listing.items.length === 0 ? (
        <p>{q ? "No images match this search." : "No images yet."}</p>
      ) : (
        <div class="media-grid">
          {listing.items.map((item) => (
            <MediaCard item={item} view={view} canDelete={canDelete} />
          ))}
        </div>
      )}
      <Pagination
        page={listing.page}
        hasNext={listing.hasNext}
        href={(page) => libraryHref(q, page)}
        previous="Newer images"
        next="Older images"
      />
    </AdminLayout>
  );
}

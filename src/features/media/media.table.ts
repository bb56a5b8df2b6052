import type { Generated, Selectable } from "kysely";

export interface MediaTable {
  id: Generated<number>;
  file_key: string;
  original_name: string;
  content_type: string;
  bytes: number;
  width: number;
  height: number;
  /** Comma-separated widths of the resized copies, e.g. "320,640,1280". */
  variant_widths: string;
  alt: Generated<string>;
  uploaded_by: number | null;
  created_at: number;
}

export interface MediaTables {
  media: MediaTable;
}

export type MediaRow = Selectable<MediaTable>;

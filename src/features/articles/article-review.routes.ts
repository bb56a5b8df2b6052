import { Type } from "@sinclair/typebox";
import type { AppContext } from "../../http/context.js";
import { CsrfField, IdParams, type Router } from "../../http/schemas.js";
import { currentStaff } from "../accounts/staff-session.js";
import { loadEditableArticle } from "./article.editing.js";
import { addNote, NOTE_MAX_LENGTH, sendBack } from "./article.review.js";

const NoteBody = Type.Object({ ...CsrfField, note: Type.String({ maxLength: NOTE_MAX_LENGTH }) });

/**
 * Review's other half (Submit for review and Publish now are the editor form's own actions): an
 * editor sends a draft back with a note, and staff add editorial notes.
 */
export async function articleReviewRoutes(admin: Router, ctx: AppContext): Promise<void> {
  const { db } = ctx.storage;

  admin.post(
    "/articles/:id/send-back",
    { schema: { params: IdParams, body: NoteBody } },
    async (request, reply) => {
      const { article } = await loadEditableArticle(db, request.params.id);
      await sendBack(
        db,
        currentStaff(request),
        { articleId: article.id, note: request.body.note },
        ctx.clock(),
      );
      return reply.redirect(`/admin/articles/${article.id}/?notice=sent-back`, 303);
    },
  );

  admin.post(
    "/articles/:id/notes",
    { schema: { params: IdParams, body: NoteBody } },
    async (request, reply) => {
      const staff = currentStaff(request);
      const { article, input } = await loadEditableArticle(db, request.params.id);
      const own = input.authorIds.includes(staff.authorId);
      await addNote(db, staff, { articleId: article.id, own, body: request.body.note }, ctx.clock());
      return reply.redirect(`/admin/articles/${article.id}/?notice=note-added#notes-heading`, 303);
    },
  );
}

import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from "fastify";

/**
 * The Fastify instance route plugins receive: its TypeBox type provider types `request.body`,
 * `params` and `query` from the route's schema, so no route restates `Static<typeof X>`.
 */
export type Router = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** The staff area's CSRF token, spread into every admin form body: `Type.Object({ ...CsrfField, name })`. */
export const CsrfField = { _csrf: Type.Optional(Type.String({ maxLength: 200 })) };

/** The body of a form that is only a button (delete, restore, sign out). */
export const CsrfOnlyBody = Type.Object(CsrfField);

/**
 * A row id in the path. The upper bound matters: Ajv coerces a 400-digit string to Infinity, which
 * passes an integer check on its own.
 */
export const IdType = Type.Integer({ minimum: 1, maximum: 9_999_999_999 });
export const IdParams = Type.Object({ id: IdType });

export const SlugParams = Type.Object({ slug: Type.String({ maxLength: 200 }) });

/**
 * `?page=N` on every paginated list: at most five digits, so a silly number is a 400 and a page past
 * the end a 404. A pattern, not an integer schema, because Ajv coerces a 400-digit string to Infinity
 * and lets it through.
 */
export const PageQuery = Type.Object({ page: Type.Optional(Type.String({ pattern: "^[1-9][0-9]{0,4}$" })) });

export const pageNumber = (query: { page?: string }) => Number(query.page ?? "1");

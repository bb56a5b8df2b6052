import type {} from "@fastify/cookie";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Config } from "../../config.js";
import type { Db } from "../../storage/storage.js";
import { READER_SESSION_LIFETIME_MS, type Reader } from "./reader.js";
import { readerForSession } from "./reader.service.js";

export const READER_COOKIE = "masthead_reader";

const cookieOptions = (config: Pick<Config, "secureCookies">) => ({
  path: "/",
  httpOnly: true,
  sameSite: "lax" as const,
  secure: config.secureCookies,
  maxAge: READER_SESSION_LIFETIME_MS / 1000,
});

export const hasReaderCookie = (request: FastifyRequest) => request.cookies[READER_COOKIE] !== undefined;

/** The signed-in reader of this request, or null; one indexed read, only when the cookie is there. */
export async function currentReader(db: Db, request: FastifyRequest, now: number): Promise<Reader | null> {
  const token = request.cookies[READER_COOKIE];
  if (!token || token.length > 100) return null;
  return (await readerForSession(db, token, now)) ?? null;
}

export function setReaderCookie(reply: FastifyReply, config: Pick<Config, "secureCookies">, token: string) {
  reply.setCookie(READER_COOKIE, token, cookieOptions(config));
}

export function clearReaderCookie(reply: FastifyReply, config: Pick<Config, "secureCookies">) {
  reply.clearCookie(READER_COOKIE, { ...cookieOptions(config), maxAge: undefined });
}

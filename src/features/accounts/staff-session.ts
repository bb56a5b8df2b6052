import type {} from "@fastify/cookie";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Config } from "../../config.js";
import { unauthenticated } from "../../core/errors.js";
import type { Db } from "../../storage/storage.js";
import { findSessionUser, SESSION_LIFETIME_MS } from "./session.service.js";
import type { StaffUser } from "./user.js";

export const SESSION_COOKIE = "masthead_staff";

declare module "fastify" {
  interface FastifyRequest {
    /** The signed-in staff member in the staff area; null when signed out or outside /admin/. */
    staff: StaffUser | null;
  }
}

export function sessionCookieOptions(config: Pick<Config, "secureCookies">) {
  return {
    path: "/",
    httpOnly: true,
    sameSite: "lax" as const,
    secure: config.secureCookies,
    maxAge: SESSION_LIFETIME_MS / 1000,
  };
}

export async function loadStaff(db: Db, request: FastifyRequest, now: number): Promise<StaffUser | null> {
  const token = request.cookies[SESSION_COOKIE];
  return token ? ((await findSessionUser(db, token, now)) ?? null) : null;
}

export function setSessionCookie(reply: FastifyReply, config: Pick<Config, "secureCookies">, token: string) {
  reply.setCookie(SESSION_COOKIE, token, sessionCookieOptions(config));
}

export function clearSessionCookie(reply: FastifyReply, config: Pick<Config, "secureCookies">) {
  reply.clearCookie(SESSION_COOKIE, { ...sessionCookieOptions(config), maxAge: undefined });
}

/** The signed-in staff member, for handlers behind the staff-area guard. */
export function currentStaff(request: FastifyRequest): StaffUser {
  if (!request.staff) throw unauthenticated();
  return request.staff;
}

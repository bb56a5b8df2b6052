import type { Role } from "./roles.js";

export interface StaffUser {
  id: number;
  email: string;
  name: string;
  role: Role;
  /** The public author profile this person writes under. */
  authorId: number;
  hasPassword: boolean;
  suspended: boolean;
  createdAt: number;
}

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export const EMAIL_PATTERN = "^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$";

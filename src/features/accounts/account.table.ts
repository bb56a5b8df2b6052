import type { Generated, Selectable } from "kysely";

export type Role = "contributor" | "author" | "editor" | "administrator" | "owner";

export interface UsersTable {
  id: Generated<number>;
  email: string;
  name: string;
  role: Role;
  password_hash: string | null;
  author_id: number;
  created_at: number;
  suspended_at: number | null;
}

export interface AccountTables {
  users: UsersTable;
  sessions: { token_hash: string; user_id: number; created_at: number; expires_at: number };
  user_tokens: {
    token_hash: string;
    purpose: "setup" | "password";
    user_id: number | null;
    created_at: number;
    expires_at: number;
    used_at: number | null;
  };
  login_failures: { id: Generated<number>; subject: string; failed_at: number };
}

export type UserRow = Selectable<UsersTable>;

import type { Db } from "../../storage/storage.js";
import type { Html } from "../../views/jsx.js";
import type { StaffUser } from "../accounts/user.js";

/**
 * A section a feature adds to the staff dashboard ("Waiting for review"). `app.ts` lists the panels,
 * so the dashboard never imports a feature's views.
 */
export interface DashboardPanel {
  /** The section for this staff member, or null when it has nothing for them. */
  render(context: { db: Db; staff: StaffUser; timeZone: string }): Promise<Html | null>;
}

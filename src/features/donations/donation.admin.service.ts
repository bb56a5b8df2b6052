import { badRequest, notFound } from "../../core/errors.js";
import type { Db } from "../../storage/storage.js";
import { type CampaignForm, campaignFromForm, type RewardForm, rewardFromForm } from "./donation.forms.js";
import { findCampaign, findReward, saveCampaign, saveReward } from "./donation.repository.js";

/** Saves the reward form as a new reward, or over reward `id`; a form that does not parse is a 400. */
export async function saveRewardForm(db: Db, form: RewardForm, now: number, id?: number): Promise<void> {
  if (id !== undefined && !(await findReward(db, id))) throw notFound("Reward");
  const parsed = rewardFromForm(form);
  if (!parsed.ok) throw badRequest(parsed.error);
  await saveReward(db, parsed.value, now, id);
}

/** Saves the campaign form (dates in the site's time zone) as a new campaign, or over campaign `id`. */
export async function saveCampaignForm(
  db: Db,
  form: CampaignForm,
  options: { timeZone: string; now: number; id?: number },
): Promise<void> {
  if (options.id !== undefined && !(await findCampaign(db, options.id))) throw notFound("Campaign");
  const parsed = campaignFromForm(form, options.timeZone);
  if (!parsed.ok) throw badRequest(parsed.error);
  await saveCampaign(db, parsed.value, options.now, options.id);
}

import type { CaptureDraftInput, Prospect } from '@leadlight/contract';

/** The capture form's starting point from a prospect an adapter read on the page (fields stay editable). */
export function toCaptureDraft(prospect: Prospect, tags: string[] = []): CaptureDraftInput {
  return {
    site: prospect.site,
    pageUrl: prospect.pageUrl,
    fullName: prospect.fullName,
    title: prospect.title ?? prospect.headline?.slice(0, 300),
    companyName: prospect.companyName,
    companyDomain: prospect.companyDomain,
    email: prospect.email,
    linkedinUrl: prospect.linkedinUrl,
    phone: prospect.phone,
    tags,
  };
}

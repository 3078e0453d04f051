import type { Prospect } from '@leadlight/contract';
import { buildProspect, findDocumentRoot, queryFirst, readAttribute, readEmail, readText } from './read-dom';
import type { SiteAdapter } from './types';

export const salesforceMatches = ['https://*.lightning.force.com/*'] as const;

type PersonObject = 'Lead' | 'Contact';

// Salesforce record ids start with a key prefix naming their object: 00Q = Lead, 003 = Contact.
const keyPrefixes: Record<string, PersonObject> = { '00Q': 'Lead', '003': 'Contact' };
const recordId = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

interface RecordPage {
  object: PersonObject;
  id: string;
}

/** /lightning/r/Lead/00Q…/view or /lightning/r/00Q…/view; list views (/lightning/o/…) and other objects are not. */
function parseRecordPage(url: URL): RecordPage | null {
  const parts = url.pathname.split('/').filter(Boolean);
  if (parts[0] !== 'lightning' || parts[1] !== 'r') return null;
  const id = parts.slice(2, 4).find((part) => recordId.test(part));
  if (!id) return null;
  const object = keyPrefixes[id.slice(0, 3)];
  const named = parts[2] === id ? undefined : parts[2];
  if (!object || (named && named !== object)) return null;
  return { object, id };
}

/**
 * Lightning keeps recently visited records in the DOM and marks the visible one .oneContent.active; reading
 * outside it would return the previous record after a navigation. Without that marker the document is used only
 * if it holds a single record view.
 */
function findActiveRecord(doc: Document): ParentNode | null {
  const active = doc.querySelector('.oneContent.active');
  if (active) return active;
  if (doc.querySelector('.oneContent')) return null;
  const isSingleView =
    doc.querySelectorAll('one-record-home-flexipage2').length <= 1 &&
    doc.querySelectorAll('records-highlights2').length <= 1;
  return isSingleView ? doc : null;
}

interface FieldRef {
  label: string;
  /** API name: data-target-selection-name="sfdc:RecordField.<Object>.<ApiName>" survives label translation. */
  api: string;
}

function findField(scope: ParentNode, object: PersonObject, field: FieldRef): Element | null {
  return queryFirst(scope, [
    `records-record-layout-item[data-target-selection-name="sfdc:RecordField.${object}.${field.api}"]`,
    `records-record-layout-item[field-label="${field.label}"]`,
  ]);
}

function readField(
  scope: ParentNode,
  object: PersonObject,
  field: FieldRef,
  valueSelectors: readonly string[],
): string | undefined {
  const item = findField(scope, object, field);
  return item ? readText(queryFirst(item, valueSelectors)) : undefined;
}

/** From the record's Email field, else from the highlights panel; never from related lists, which list other people. */
function readRecordEmail(
  scope: ParentNode,
  object: PersonObject,
  highlights: Element | null,
): string | undefined {
  const holder =
    findField(scope, object, { label: 'Email', api: 'Email' }) ??
    highlights?.querySelector('records-highlights-details-item lightning-formatted-email');
  const link = holder?.querySelector('a[href^="mailto:"]');
  const email = readText(link) ?? readAttribute(link, 'href')?.replace(/^mailto:/i, '');
  return readEmail(email);
}

/**
 * The Lead or Contact a Lightning record page shows: the name from the highlights panel (records-highlights2,
 * lightning-formatted-name in the primaryField slot), other fields from the record layout by field-label. The
 * entity label in the highlights panel must agree with the URL.
 */
export function findSalesforceProspect(doc: Document, url: URL): Prospect | null {
  if (!url.hostname.endsWith('.lightning.force.com')) return null;
  const page = parseRecordPage(url);
  if (!page) return null;
  const scope = findActiveRecord(doc);
  if (!scope) return null;
  const highlights = scope.querySelector('records-highlights2');
  const entityLabel = readText(highlights?.querySelector('records-entity-label'));
  if (entityLabel && entityLabel !== page.object) return null;
  const { object } = page;
  const fullName =
    readText(
      highlights &&
        queryFirst(highlights, [
          'lightning-formatted-name[slot="primaryField"]',
          '[slot="primaryField"] lightning-formatted-name',
        ]),
    ) ?? readField(scope, object, { label: 'Name', api: 'Name' }, ['lightning-formatted-name']);
  const companyName =
    object === 'Lead'
      ? readField(scope, object, { label: 'Company', api: 'Company' }, ['lightning-formatted-text'])
      : readField(scope, object, { label: 'Account Name', api: 'AccountId' }, [
          'force-lookup a',
          'records-hoverable-link a',
          'a',
        ]);
  return buildProspect('salesforce', url, {
    fullName,
    title: readField(scope, object, { label: 'Title', api: 'Title' }, ['lightning-formatted-text']),
    companyName,
    email: readRecordEmail(scope, object, highlights),
    phone: readField(scope, object, { label: 'Phone', api: 'Phone' }, [
      'lightning-formatted-phone a',
      'lightning-formatted-phone',
    ]),
    crmRecordId: page.id,
  });
}

/** Lightning's one-app container outlives record-to-record navigation. */
export function findSalesforceWatchRoot(doc: Document): Element {
  return queryFirst(doc, ['.oneCenterStage', '.viewport']) ?? findDocumentRoot(doc);
}

export const salesforceAdapter: SiteAdapter = {
  id: 'salesforce',
  matches: salesforceMatches,
  findProspect: findSalesforceProspect,
  watchRoot: findSalesforceWatchRoot,
};

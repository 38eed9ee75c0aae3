/**
 * Presets for CRM deal exports (leads) and scheduling tools (bookings).
 */
import type { Preset } from './types.js';

const HUBSPOT_HEADER = [
  'Record ID', 'Deal Name', 'Deal Stage', 'Amount', 'Deal owner', 'Close Date', 'Pipeline', 'Create Date',
  'Associated Company IDs', 'Associated Contact IDs', 'Last Activity Date', 'Date entered current stage',
];

export const HUBSPOT_DEALS: Preset = {
  id: 'hubspot-deals',
  system: 'HubSpot',
  title: 'deals export',
  signature: { header: { required: ['Record ID', 'Deal Stage', 'Deal owner'], known: HUBSPOT_HEADER } },
  sources: {
    'hubspot-deals': {
      kind: 'leads',
      missing: ['(No value)'],
      columns: {
        lead_id: 'Record ID',
        agent: 'Deal owner',
        stage: { column: 'Deal Stage', map: { 'Closed Won': 'won', closedwon: 'won', 'Closed Lost': 'lost', closedlost: 'lost' } },
        won_at: { first: ['Date entered "Closed Won (*)"', 'Close Date'] },
      },
    },
  },
  notes: [
    'A deal is won when it entered "Closed Won" (the label or the internal value closedwon).',
    'The won time is the "Date entered \\"Closed Won (…)\\"" column of the deal\'s pipeline when the export has it, else Close Date.',
  ],
};

const SALESFORCE_HEADER = ['Opportunity Owner', 'Account Name', 'Opportunity Name', 'Stage', 'Fiscal Period', 'Amount', 'Close Date', 'Type'];

export const SALESFORCE_OPPORTUNITIES: Preset = {
  id: 'salesforce-opportunities',
  system: 'Salesforce',
  title: 'opportunity report export',
  signature: { header: { required: ['Opportunity Owner', 'Stage', 'Close Date'], known: SALESFORCE_HEADER } },
  sources: {
    'salesforce-opportunities': {
      kind: 'leads',
      // Some report variants write the copyright line with the sign instead of the word.
      footer: ['Grand Totals', 'Confidential Information', 'Copyright', '©'],
      // Some report layouts add a "Total" row after the opportunities, with only the summed amount.
      whereNot: { 'Opportunity Owner': 'Total' },
      columns: {
        lead_id: { first: ['Opportunity ID', { concat: ['Account Name', 'Opportunity Name'], separator: ' / ' }] },
        agent: 'Opportunity Owner',
        stage: { column: 'Stage', map: { 'Closed Won': 'won' } },
        won_at: 'Close Date',
      },
    },
  },
  notes: [
    'The won stage is "Closed Won", the standard picklist value; a renamed won stage needs its own entry in columns.stage.map.',
    'Without an Opportunity ID column a deal is identified by account and opportunity name.',
    'The report\'s footer (Grand Totals, the confidentiality notice and the copyright line) and a "Total" row are not data.',
  ],
};

const PIPEDRIVE_HEADER = [
  'Deal - ID', 'Deal - Title', 'Deal - Value', 'Deal - Currency', 'Deal - Organization', 'Deal - Contact person',
  'Deal - Owner', 'Deal - Pipeline', 'Deal - Stage', 'Deal - Status', 'Deal - Won time', 'Deal - Lost time',
  'Deal - Lost reason', 'Deal - Deal created', 'Deal - Deal closed on', 'Deal - Expected close date',
  'Deal - Last stage change',
];

export const PIPEDRIVE_DEALS: Preset = {
  id: 'pipedrive-deals',
  system: 'Pipedrive',
  title: 'deals export',
  signature: { header: { required: ['Deal - ID', 'Deal - Owner', 'Deal - Status'], known: PIPEDRIVE_HEADER } },
  sources: {
    'pipedrive-deals': {
      kind: 'leads',
      columns: {
        lead_id: 'Deal - ID',
        agent: 'Deal - Owner',
        stage: 'Deal - Status',
        won_at: { first: ['Deal - Won time', 'Deal - Deal closed on'] },
      },
    },
  },
  notes: ['A deal is won when Deal - Status is "won"; localised exports (other column names) need their own entry.'],
};

const CALENDLY_HEADER = [
  'User Name', 'Team', 'Invitee Name', 'Invitee First Name', 'Invitee Last Name', 'Invitee Email', 'Invitee Time Zone',
  'Invitee accepted marketing emails', 'Text Reminder Number', 'Event Type Name', 'Start Date & Time',
  'End Date & Time', 'Location', 'Event Created Date & Time', 'Canceled', 'Canceled By', 'Cancellation reason',
  'Question 1', 'Response 1', 'UTM Campaign', 'UTM Source', 'UTM Medium', 'UTM Term', 'UTM Content',
  'Salesforce UUID', 'Event Price', 'Payment Currency', 'Guest Email(s)', 'Invitee Reconfirmed',
  'Marked as No-Show', 'Meeting Notes', 'Group', 'User Email', 'Event UUID', 'Invitee UUID',
  'Invitee scheduled by', 'Scheduling method',
];

export const CALENDLY_EVENTS: Preset = {
  id: 'calendly-events',
  system: 'Calendly',
  title: 'scheduled events export',
  signature: { header: { required: ['Event Created Date & Time', 'Canceled', 'Invitee scheduled by'], known: CALENDLY_HEADER } },
  sources: {
    'calendly-bookings': {
      kind: 'bookings',
      where: { Canceled: 'false' },
      whereNot: { 'Invitee scheduled by': '' },
      columns: {
        booking_id: { first: ['Invitee UUID', 'Event UUID'] },
        agent: 'Invitee scheduled by',
        created_at: 'Event Created Date & Time',
      },
    },
  },
  notes: [
    'A cancelled event is not a booking.',
    'The booking counts for "Invitee scheduled by", the person who booked it for the invitee; an event the invitee booked alone names nobody there and is left out.',
    'Times carry no zone: set "timezone" to the zone of the Calendly account.',
  ],
};

export const CRM_PRESETS: Preset[] = [HUBSPOT_DEALS, SALESFORCE_OPPORTUNITIES, PIPEDRIVE_DEALS, CALENDLY_EVENTS];

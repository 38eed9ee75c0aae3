/**
 * Presets for ticket systems. Each maps the ticket's id, the agent it counts
 * for, and its created and resolved times.
 */
import type { Preset } from './types.js';

const ZENDESK_HEADER = [
  'Summation column', 'Id', 'Requester', 'Requester id', 'Requester external id', 'Requester email', 'Requester domain',
  'Submitter', 'Assignee', 'Group', 'Subject', 'Tags', 'Status', 'Priority', 'Via', 'Ticket type', 'Created at',
  'Updated at', 'Assigned at', 'Organization', 'Due date', 'Initially assigned at', 'Solved at', 'Resolution time',
  'Satisfaction Score', 'Group stations', 'Assignee stations', 'Reopens', 'Replies', 'First reply time in minutes',
  'First reply time in minutes within business hours', 'First resolution time in minutes',
  'First resolution time in minutes within business hours', 'Full resolution time in minutes',
  'Full resolution time in minutes within business hours', 'Agent wait time in minutes',
  'Agent wait time in minutes within business hours', 'Requester wait time in minutes',
  'Requester wait time in minutes within business hours', 'On hold time in minutes',
  'On hold time in minutes within business hours',
];

const ASSIGNEE_NOTE =
  'Tickets count for their assignee, because the submitter of an e-mail or web ticket is the customer. Change columns.created_by when agents create the tickets themselves.';

export const ZENDESK_TICKETS: Preset = {
  id: 'zendesk-tickets',
  system: 'Zendesk',
  title: 'Support CSV export',
  signature: { header: { required: ['Id', 'Assignee', 'Created at', 'Solved at'], known: ZENDESK_HEADER } },
  sources: {
    'zendesk-tickets': {
      kind: 'tickets',
      columns: { ticket_id: 'Id', created_by: 'Assignee', created_at: 'Created at', resolved_at: 'Solved at' },
    },
  },
  notes: [
    ASSIGNEE_NOTE,
    'Satisfaction Score is Good or Bad, not a score from 1 to 5, so it is not read as a survey.',
    'Times are in the account zone: set "timezone" when it is not the team zone.',
  ],
};

const FRESHDESK_HEADER = [
  'Ticket ID', 'Subject', 'Description', 'Status', 'Priority', 'Source', 'Type', 'Agent', 'Group', 'Created time',
  'Due by Time', 'Resolved time', 'Closed time', 'Last update time', 'Initial response time', 'Time tracked',
  'First response time (in hrs)', 'Resolution time (in hrs)', 'Agent interactions', 'Customer interactions',
  'Resolution status', 'First response status', 'Tags', 'Survey results', 'Product',
];

export const FRESHDESK_TICKETS: Preset = {
  id: 'freshdesk-tickets',
  system: 'Freshdesk',
  title: 'tickets export',
  signature: { header: { required: ['Ticket ID', 'Agent', 'Created time', 'Resolved time'], known: FRESHDESK_HEADER } },
  sources: {
    'freshdesk-tickets': {
      kind: 'tickets',
      columns: {
        ticket_id: 'Ticket ID',
        created_by: { column: 'Agent', missing: ['No Agent'] },
        created_at: 'Created time',
        resolved_at: { first: ['Resolved time', 'Closed time'] },
      },
    },
  },
  notes: [
    'Tickets count for the agent they are assigned to; a closed ticket without a resolved time is resolved at its closed time.',
    'The "(in hrs)" columns are not read: resolution is taken from the timestamps.',
  ],
};

const JIRA_HEADER = [
  'Summary', 'Issue key', 'Issue id', 'Issue Type', 'Status', 'Project key', 'Project name', 'Project type',
  'Project lead', 'Project description', 'Project url', 'Priority', 'Resolution', 'Assignee', 'Reporter', 'Creator',
  'Created', 'Updated', 'Last Viewed', 'Resolved', 'Component/s', 'Due Date', 'Votes', 'Labels', 'Description',
  'Environment', 'Original Estimate', 'Remaining Estimate', 'Time Spent', 'Work Ratio',
];

export const JIRA_ISSUES: Preset = {
  id: 'jira-issues',
  system: 'Jira',
  title: 'issue CSV export (Jira and Jira Service Management)',
  signature: { header: { required: ['Issue key', 'Assignee', 'Created', 'Resolved'], known: JIRA_HEADER } },
  sources: {
    'jira-tickets': {
      kind: 'tickets',
      columns: { ticket_id: 'Issue key', created_by: 'Assignee', created_at: 'Created', resolved_at: 'Resolved' },
    },
  },
  notes: [
    ASSIGNEE_NOTE.replace('submitter of an e-mail or web ticket', 'reporter of a service request'),
    'Repeated columns such as Labels and Comment are allowed because the preset reads none of them.',
  ],
};

export const TICKET_PRESETS: Preset[] = [ZENDESK_TICKETS, FRESHDESK_TICKETS, JIRA_ISSUES];

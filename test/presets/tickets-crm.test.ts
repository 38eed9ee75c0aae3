/**
 * Ticket, CRM and booking presets: each fixture read into records, checked
 * field by field. The team zone is UTC.
 */
import { describe, expect, it } from 'vitest';
import { readFixture } from './read-fixture.js';

const at = (iso: string): number => Date.parse(`${iso}Z`);

describe('zendesk-tickets', () => {
  const result = readFixture('zendesk-tickets.csv');

  it('is recognized from its header', () => {
    expect(result.presetId).toBe('zendesk-tickets');
  });

  it('reads tickets for their assignee', () => {
    expect(result.of('tickets')).toEqual([
      { ticketId: '4821', createdBy: 'va07@example.com', createdAt: at('2026-11-10T09:16:10'), resolvedAt: at('2026-11-10T10:05:12') },
      { ticketId: '4822', createdBy: 'va08@example.com', createdAt: at('2026-11-10T16:40:00'), resolvedAt: null },
    ]);
  });
});

describe('freshdesk-tickets', () => {
  const tickets = readFixture('freshdesk-tickets.csv').of('tickets');

  it('reads the resolved time', () => {
    expect(tickets[0]).toEqual({ ticketId: '8812', createdBy: 'va seven', createdAt: at('2026-11-10T09:16:10'), resolvedAt: at('2026-11-10T10:05:12') });
  });

  it('reads a closed ticket as resolved at its closed time', () => {
    expect(tickets[1]!.resolvedAt).toBe(at('2026-11-10T15:00:00'));
  });

  it('reads an open ticket as unresolved', () => {
    expect(tickets[2]!.resolvedAt).toBeNull();
  });
});

describe('jira-issues', () => {
  const result = readFixture('jira-issues.csv');

  it('accepts the repeated Labels column', () => {
    expect(result.rejects).toEqual([]);
  });

  it('reads dd/Mon/yy dates with AM/PM', () => {
    expect(result.of('tickets')).toEqual([
      { ticketId: 'SUP-17', createdBy: 'va07@example.com', createdAt: at('2026-11-10T09:16:00'), resolvedAt: at('2026-11-10T10:05:00') },
      // 3:42 PM = 15:42.
      { ticketId: 'SUP-18', createdBy: 'va08@example.com', createdAt: at('2026-11-10T15:42:00'), resolvedAt: null },
    ]);
  });
});

describe('hubspot-deals', () => {
  const leads = readFixture('hubspot-deals.csv').of('leads');

  it('takes the won time from its pipeline\'s Date entered column', () => {
    expect(leads[0]).toEqual({ leadId: '9100001', agent: 'va07@example.com', won: true, wonAt: at('2026-11-10T16:40:00'), source: null });
  });

  it('reads the internal stage value closedwon', () => {
    // The Renewals pipeline's column has the date; the Sales Pipeline one is empty.
    expect([leads[1]!.won, leads[1]!.wonAt]).toEqual([true, at('2026-11-11T09:30:00')]);
  });

  it('reads (No value) as missing', () => {
    expect([leads[2]!.won, leads[2]!.wonAt]).toEqual([false, null]);
  });

  it('falls back to Close Date', () => {
    expect(leads[3]!.wonAt).toBe(at('2026-11-12T15:00:00'));
  });
});

describe('salesforce-opportunities', () => {
  const result = readFixture('salesforce-opportunities.csv');
  const leads = result.of('leads');

  it('leaves the footer lines out', () => {
    // Three opportunities and a "Total" row; "Grand Totals", the notice and the copyright are not rows.
    expect(result.ledgers[0]!.rowsRead).toBe(4);
  });

  it('skips the Total row', () => {
    expect(result.ledgers[0]!.rowsSkipped).toBe(1);
  });

  it('rejects no row', () => {
    expect(result.rejects).toEqual([]);
  });

  it('reads a Closed Won opportunity', () => {
    expect(leads[0]).toEqual({ leadId: 'Acme / Acme renewal', agent: 'va seven', won: true, wonAt: at('2026-11-10T00:00:00'), source: null });
  });

  it('reads another stage as not won', () => {
    expect(leads[1]!.won).toBe(false);
  });
});

describe('salesforce-opportunities with a © footer', () => {
  const result = readFixture('salesforce-opportunities-sign.csv');

  it('leaves the © line out and skips the Total row', () => {
    // Two opportunities and the Total row are read; the copyright line is footer.
    expect(result.ledgers[0]).toMatchObject({ rowsRead: 3, rowsSkipped: 1, rowsRejected: 0 });
    expect(result.rejects).toEqual([]);
  });
});

describe('pipedrive-deals', () => {
  const leads = readFixture('pipedrive-deals.csv').of('leads');

  it('reads status won with its won time', () => {
    expect(leads[0]).toEqual({ leadId: '2001', agent: 'va seven', won: true, wonAt: at('2026-11-10T16:40:00'), source: null });
  });

  it('reads open and lost deals as not won', () => {
    expect(leads.slice(1).map((lead) => lead.won)).toEqual([false, false]);
  });
});

describe('calendly-events', () => {
  const result = readFixture('calendly-events.csv');

  it('reads bookings made by an agent and not cancelled', () => {
    // INV-2 is cancelled; INV-3 names nobody in "Invitee scheduled by".
    expect(result.of('bookings')).toEqual([{ bookingId: 'INV-1', agent: 'va07@example.com', createdAt: at('2026-11-10T09:18:00') }]);
  });

  it('counts filtered rows as skipped', () => {
    // INV-2 and INV-3 are read but are no booking.
    expect(result.ledgers[0]!.rowsRead).toBe(3);
    expect(result.ledgers[0]!.rowsSkipped).toBe(2);
  });
});

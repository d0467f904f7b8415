import { describe, expect, inject, it } from 'vitest';
import { addDays, instantAt, localDateOf } from '../../functions/core/time.js';
import { leusdenContacts, readTemplate } from '../../infra/local/seed.js';
import { loadScenario, parseScenario, scenarioProblems, simulateYear, type TimelineEntry } from '../../infra/local/simulate.js';

const templateFile = new URL('../../workflows/cycles/leusden-omthuis-2026.yaml', import.meta.url);
const scenarioFile = new URL('../../workflows/cycles/scenarios/leusden-2027.yaml', import.meta.url);
const { template } = readTemplate(templateFile);

/** The template deliverable of an instance id: the id itself, or the longest id it starts with. */
const deliverableOf = (instanceId: string) =>
  template.deliverables.find((d) => d.id === instanceId) ?? template.deliverables.filter((d) => instanceId.startsWith(`${d.id}-`)).sort((a, b) => b.id.length - a.id.length)[0]!;
const contactOf = (partyId: string) => leusdenContacts.find((c) => c.partyId === partyId)!;
const line = (e: Pick<TimelineEntry, 'at' | 'instanceId' | 'party' | 'detail'>) => `${e.at} ${e.instanceId} ${e.party} ${e.detail}`;

describe('a scenario says who confirms receipt, and how soon', () => {
  it('takes one confirmation or a list, for one party or every party the version is for', () => {
    const scenario = loadScenario(scenarioFile.pathname);
    expect(scenario.behaviour.confirms).toEqual([{ party: 'hlve', afterDays: 3 }]);
    expect(scenario.deliverables.huuradvies).toEqual({ submit: 'late', daysAfter: 4, confirms: [{ party: 'omthuis', afterDays: 2 }] });
    const listed = parseScenario({ parties: { omthuis: { confirms: [{ afterDays: 0 }, { party: 'hlve', contact: 'secretaris', afterDays: 1 }] } } });
    expect(listed.parties.omthuis).toEqual({ confirms: [{ afterDays: 0 }, { party: 'hlve', contact: 'secretaris', afterDays: 1 }] });
    // An override names only what it changes: the wider daysBefore stands.
    expect(parseScenario({ behaviour: { daysBefore: 1 }, deliverables: { x: { confirms: [] } } }).deliverables.x).toEqual({ confirms: [] });
  });

  it('refuses a bad one in Dutch, by its path', () => {
    const problem = (data: unknown) => {
      try {
        parseScenario(data, 'x.yaml');
      } catch (error) {
        return (error as Error).message;
      }
      return 'geldig';
    };
    expect(problem({ behaviour: { confirms: { party: 'hlve' } } })).toBe('x.yaml: behaviour.confirms[0].afterDays: afterDays moet een aantal dagen zijn');
    expect(problem({ deliverables: { huuradvies: { confirms: [{ party: 'omthuis', afterDays: -1, na: 2 }] } } })).toBe(
      'x.yaml: deliverables.huuradvies.confirms[0].afterDays: afterDays mag niet negatief zijn; deliverables.huuradvies.confirms[0]: onbekende sleutel: na',
    );
    expect(problem({ behaviour: { confirms: 'hlve' } })).toBe('x.yaml: behaviour.confirms: confirms moet { party, afterDays } zijn, of een lijst daarvan');
    expect(problem({ behaviour: { confirm: { party: 'hlve', afterDays: 1 } } })).toBe('x.yaml: behaviour: onbekende sleutel: confirm');
  });

  it('names a confirming party the template does not forward the deliverable to', () => {
    expect(scenarioProblems(loadScenario(scenarioFile.pathname), template)).toEqual([]);
    const scenario = parseScenario({
      behaviour: { confirms: { party: 'woonstichting', afterDays: 1 } },
      parties: { omthuis: { confirms: { party: 'de-alliantie', afterDays: 1 } } },
      deliverables: { huuradvies: { confirms: { party: 'hlve', afterDays: 1 } }, 'toewijzing-middeninkomens-halfjaar-2': { confirms: { party: 'omthuis', afterDays: 1 } } },
    });
    expect(scenarioProblems(scenario, template)).toEqual([
      'behaviour.confirms[0].party: woonstichting is geen partij van het sjabloon',
      'parties.omthuis.confirms[0].party: de-alliantie ontvangt niets dat wordt doorgestuurd',
      'deliverables.huuradvies.confirms[0].party: huuradvies wordt niet doorgestuurd aan hlve',
      'deliverables.toewijzing-middeninkomens-halfjaar-2.confirms[0].party: toewijzing-middeninkomens wordt niet doorgestuurd aan omthuis',
    ]);
  });
});

// The whole 2027 year (17 instances) through the real workflows, pages and DynamoDB Local.
it('shows every forward of every version in the timeline, and each confirmation the scenario asks for, when it was made', async () => {
  const scenario = loadScenario(scenarioFile.pathname);
  const result = await simulateYear({ templateFile, year: 2027, scenario, dynamoEndpoint: inject('dynamoEndpoint'), tableName: `sim-doorsturen-${Date.now()}` });
  const submissions = result.timeline.filter((e) => e.what === 'ingediend' || e.what === 'te laat ingediend');
  expect(submissions.length).toBeGreaterThanOrEqual(10);

  // Each version reaches each contact of each party it is for (not the party that submitted it), as it is stored.
  const expectedForwards = submissions.flatMap((s) => {
    const d = deliverableOf(s.instanceId);
    return d.inform.filter((p) => p !== d.responsible).map((party) => ({ at: s.at, instanceId: s.instanceId, party, detail: `versie 1 aan ${contactOf(party).name}` }));
  });
  const forwards = result.timeline.filter((e) => e.what === 'doorgestuurd');
  expect(forwards.map(line).sort()).toEqual(expectedForwards.map(line).sort());
  expect(expectedForwards.length).toBeGreaterThanOrEqual(15);
  // A forward is no deadline notice: none of them counts as a reminder, an overdue notice or an escalation.
  expect(result.timeline.filter((e) => e.detail.startsWith('doorsturen'))).toEqual([]);

  // HLVE confirms what it receives three days later, Omthuis the huuradvies two days later, at 11:00; the gemeente never.
  const expectedConfirmations = expectedForwards.flatMap((f) => {
    const afterDays = deliverableOf(f.instanceId).id === 'huuradvies' ? (f.party === 'omthuis' ? 2 : undefined) : f.party === 'hlve' ? 3 : undefined;
    if (afterDays === undefined) return [];
    const at = instantAt(addDays(localDateOf(new Date(f.at)), afterDays), '11:00').toISOString();
    return [{ at, instanceId: f.instanceId, party: f.party, detail: `versie 1 door ${contactOf(f.party).name}` }];
  });
  const confirmations = result.timeline.filter((e) => e.what === 'ontvangst bevestigd');
  expect(confirmations.map(line).sort()).toEqual(expectedConfirmations.map(line).sort());
  expect(expectedConfirmations.some((c) => c.party === 'omthuis')).toBe(true);
  expect(expectedConfirmations.filter((c) => c.party === 'hlve').length).toBeGreaterThanOrEqual(5);
  expect(result.timeline.filter((e) => e.what === 'bevestiging mislukt')).toEqual([]);

  expect(result.summary).toMatchObject({ forwards: expectedForwards.length, forwardsPending: 0, confirmations: expectedConfirmations.length });
  // Sorted by time: a version's forwards right after it, a confirmation after the forward.
  const first = result.timeline.findIndex((e) => e.what === 'doorgestuurd');
  expect(result.timeline[first - 1]).toMatchObject({ what: expect.stringMatching(/ingediend$/), instanceId: result.timeline[first]!.instanceId });
}, 300_000);

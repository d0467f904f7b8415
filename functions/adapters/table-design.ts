/**
 * The one DynamoDB table, as both the CDK stack and the local cloud create it.
 *
 * Access patterns and keys (pk / sk):
 *
 * | entity               | pk                    | sk                                          | access pattern                                  |
 * |----------------------|-----------------------|---------------------------------------------|-------------------------------------------------|
 * | tenant               | TENANT#<t>            | TENANT                                      | get a tenant                                    |
 * | directory version    | TENANT#<t>            | DIRECTORY                                   | raised with every party or contact written; read |
 * |                      |                       |                                             |   with the directory, checked by Act's claims   |
 * |                      |                       |                                             |   from a kept copy                              |
 * | party                | TENANT#<t>            | PARTY#<p>                                   | the tenant's parties (query pk, begins PARTY#)  |
 * | contact              | TENANT#<t>            | CONTACT#<p>#<c>                             | a party's contacts (begins CONTACT#<p>#)        |
 * | templates in use     | TENANT#<t>#TEMPLATE   | TEMPLATE                                    | the version of each template new cycles open    |
 * |                      |                       |                                             |   from (own partition: the directory query never |
 * |                      |                       |                                             |   reads it)                                     |
 * | template version     | TENANT#<t>#TEMPLATE   | VERSION#<template>#<nnnn>                   | every version ever loaded (begins VERSION#);    |
 * |                      |                       |                                             |   a cycle names the versions it follows         |
 * | template part        | TENANT#<t>#TEMPLATE   | TEMPLATE#<sha-256>#<n>                      | a version's content gzipped in parts of 300 KiB |
 * | cycle (with facts)   | TENANT#<t>#CYCLE#<y>  | CYCLE                                       | a cycle year: one query of pk returns it all    |
 * | cycle summary        | TENANT#<t>#CYCLE#<y>  | SUMMARY                                     | each instance's status, party and last day, in  |
 * |                      |                       |                                             |   the transaction of every change: Jaaroverzicht |
 * | cycles of a year     | CYCLES#<y>            | TENANT#<t>                                  | every open cycle of a year (the reconciler)     |
 * | deliverable instance | TENANT#<t>#CYCLE#<y>  | DELIVERABLE#<i>                             | one instance with everything below it:          |
 * | notice claim         | TENANT#<t>#CYCLE#<y>  | DELIVERABLE#<i>#NOTICE#<slot>#<party>#<c>   |   sk between DELIVERABLE#<i> and                |
 * | (before parties)     | TENANT#<t>#CYCLE#<y>  | DELIVERABLE#<i>#NOTICE#<slot>#<contact>     |   (still read and honoured, never written)      |
 * | slot done            | TENANT#<t>#CYCLE#<y>  | DELIVERABLE#<i>#SLOT#<slot>                 |                                                 |
 * | link record          | TENANT#<t>#CYCLE#<y>  | DELIVERABLE#<i>#LINK#<link>                 |   DELIVERABLE#<i>#~ (Plan, Act, the link page)  |
 * | submission           | TENANT#<t>#CYCLE#<y>  | DELIVERABLE#<i>#SUBMISSION#<vvvv>           |                                                 |
 * | form idempotency     | TENANT#<t>#CYCLE#<y>  | DELIVERABLE#<i>#FORM#<key>                  |                                                 |
 * | confirmation         | TENANT#<t>#CYCLE#<y>  | DELIVERABLE#<i>#CONFIRM#<vvvv>#<party>#<c>  |                                                 |
 * | audit entry          | TENANT#<t>#CYCLE#<y>  | DELIVERABLE#<i>#AUDIT#<iso time>#<id>       |                                                 |
 * | forward to do        | TENANT#<t>#CYCLE#<y>  | OUTBOX#FORWARD#<i>#<vvvv>                   | versions not yet forwarded to every recipient   |
 * |                      |                       |                                             |   (begins OUTBOX#: the reconciler's sweep)      |
 *
 * A cycle's partition holds one municipality-year: a few hundred items, far below any partition limit,
 * and the coordinator's status page is one query of it.
 */
export const tableDesign = {
  partitionKey: 'pk',
  sortKey: 'sk',
  billing: 'PAY_PER_REQUEST',
} as const;

/** The CreateTable input for DynamoDB Local; the CDK stack builds the same shape from `tableDesign`. */
export function createTableInput(tableName: string) {
  return {
    TableName: tableName,
    BillingMode: tableDesign.billing,
    AttributeDefinitions: [
      { AttributeName: tableDesign.partitionKey, AttributeType: 'S' as const },
      { AttributeName: tableDesign.sortKey, AttributeType: 'S' as const },
    ],
    KeySchema: [
      { AttributeName: tableDesign.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: tableDesign.sortKey, KeyType: 'RANGE' as const },
    ],
  };
}

export const keys = {
  tenant: (t: string) => ({ pk: `TENANT#${t}`, sk: 'TENANT' }),
  party: (t: string, p: string) => ({ pk: `TENANT#${t}`, sk: `PARTY#${p}` }),
  contact: (t: string, p: string, c: string) => ({ pk: `TENANT#${t}`, sk: `CONTACT#${p}#${c}` }),
  template: (t: string) => ({ pk: `TENANT#${t}#TEMPLATE`, sk: 'TEMPLATE' }),
  templateVersion: (t: string, id: string, version: number) => ({ pk: `TENANT#${t}#TEMPLATE`, sk: `VERSION#${id}#${String(version).padStart(4, '0')}` }),
  cyclePk: (t: string, y: number) => `TENANT#${t}#CYCLE#${y}`,
  /** Every municipality's cycle of a year, for the reconciler: one small partition per year. */
  yearIndex: (y: number, t: string) => ({ pk: `CYCLES#${y}`, sk: `TENANT#${t}` }),
  cycle: (t: string, y: number) => ({ pk: keys.cyclePk(t, y), sk: 'CYCLE' }),
  instance: (t: string, y: number, i: string) => ({ pk: keys.cyclePk(t, y), sk: `DELIVERABLE#${i}` }),
  notice: (t: string, y: number, i: string, slot: string, party: string, contact: string) => ({
    pk: keys.cyclePk(t, y),
    sk: `DELIVERABLE#${i}#NOTICE#${slot}#${party}#${contact}`,
  }),
  /** A claim as written before claims named the party: still honoured, never written again. */
  legacyNotice: (t: string, y: number, i: string, slot: string, contact: string) => ({
    pk: keys.cyclePk(t, y),
    sk: `DELIVERABLE#${i}#NOTICE#${slot}#${contact}`,
  }),
  slotMark: (t: string, y: number, i: string, slot: string) => ({ pk: keys.cyclePk(t, y), sk: `DELIVERABLE#${i}#SLOT#${slot}` }),
  link: (t: string, y: number, i: string, link: string) => ({ pk: keys.cyclePk(t, y), sk: `DELIVERABLE#${i}#LINK#${link}` }),
  submission: (t: string, y: number, i: string, version: number) => ({
    pk: keys.cyclePk(t, y),
    sk: `DELIVERABLE#${i}#SUBMISSION#${String(version).padStart(4, '0')}`,
  }),
  form: (t: string, y: number, i: string, formKey: string) => ({ pk: keys.cyclePk(t, y), sk: `DELIVERABLE#${i}#FORM#${formKey}` }),
  confirmation: (t: string, y: number, i: string, version: number, party: string, contact: string) => ({
    pk: keys.cyclePk(t, y),
    sk: `DELIVERABLE#${i}#CONFIRM#${String(version).padStart(4, '0')}#${party}#${contact}`,
  }),
  /** Written with a version, deleted once every recipient has it: what is left is still to forward. */
  forward: (t: string, y: number, i: string, version: number) => ({ pk: keys.cyclePk(t, y), sk: `OUTBOX#FORWARD#${i}#${String(version).padStart(4, '0')}` }),
  audit: (t: string, y: number, i: string, at: Date, id: string) => ({
    pk: keys.cyclePk(t, y),
    sk: `DELIVERABLE#${i}#AUDIT#${at.toISOString()}#${id}`,
  }),
};

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { canonicalJson, sha256Hex, verifyReceipt } from '../functions/core/receipt.js';

const usage = `npm run verify-receipt -- <ontvangstbewijs.json> [--keys <sleutels.json> | --key <publieke-sleutel.pem>] [--file <bijlage.pdf>]

Controleert een ontvangstbewijs zonder verbinding: klopt de vingerafdruk (SHA-256) met de inhoud,
en is de handtekening gezet met de private sleutel bij deze publieke sleutel?
--keys: de gepubliceerde sleutels (GET /ontvangstbewijs/sleutels), ook oudere: het bewijs kiest zelf
zijn sleutel. Zonder --keys wordt --key gebruikt, standaard de lokale .local/keys/receipt-public-key.pem.
`;

const keysSchema = z.object({ keys: z.array(z.object({ keyId: z.string(), publicKeyPem: z.string() })) });

const documentSchema = z.object({
  type: z.literal('prestatiecyclus-ontvangstbewijs'),
  formatVersion: z.literal(1),
  content: z.record(z.string(), z.unknown()),
  contentSha256: z.string().regex(/^[0-9a-f]{64}$/),
  signature: z.string().min(10),
  signatureAlgorithm: z.literal('ECDSA_SHA_256'),
  keyId: z.string(),
});

function main(): number {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      key: { type: 'string', default: '.local/keys/receipt-public-key.pem' },
      keys: { type: 'string' },
      file: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || positionals.length !== 1) {
    console.log(usage);
    return values.help ? 0 : 2;
  }
  let raw: string;
  let keyText: string;
  try {
    raw = readFileSync(positionals[0]!, 'utf8');
    keyText = readFileSync(values.keys ?? values.key, 'utf8');
  } catch (error) {
    console.error(`ONGELDIG: ${(error as NodeJS.ErrnoException).path ?? 'een bestand'} kan niet worden gelezen.`);
    return 2;
  }
  let parsed;
  try {
    parsed = documentSchema.safeParse(JSON.parse(raw));
  } catch {
    console.log('ONGELDIG: dit is geen JSON-bestand.');
    return 1;
  }
  if (!parsed.success) {
    console.log(`ONGELDIG: dit is geen ontvangstbewijs van prestatiecyclus (${parsed.error.issues[0]!.path.join('.')}: ${parsed.error.issues[0]!.message}).`);
    return 1;
  }
  const doc = parsed.data;
  let key = keyText;
  if (values.keys) {
    let published;
    try {
      published = keysSchema.parse(JSON.parse(keyText));
    } catch {
      console.error('ONGELDIG: het sleutelbestand is niet de lijst van GET /ontvangstbewijs/sleutels.');
      return 2;
    }
    const match = published.keys.find((k) => k.keyId === doc.keyId);
    if (!match) {
      console.log(`ONGELDIG: sleutel ${doc.keyId} staat niet bij de gepubliceerde sleutels.`);
      return 1;
    }
    key = match.publicKeyPem;
  }
  if (sha256Hex(canonicalJson(doc.content)) !== doc.contentSha256) {
    console.log('ONGELDIG: de inhoud is gewijzigd; de vingerafdruk klopt niet meer.');
    return 1;
  }
  let valid = false;
  try {
    valid = verifyReceipt(doc.content, doc, key);
  } catch {
    valid = false;
  }
  if (!valid) {
    console.log(`ONGELDIG: de handtekening klopt niet bij deze publieke sleutel (sleutel ${doc.keyId}).`);
    return 1;
  }
  if (values.file) {
    const attachment = doc.content.attachment as { sha256?: string } | undefined;
    let bytes: Buffer;
    try {
      bytes = readFileSync(values.file);
    } catch {
      console.error(`ONGELDIG: ${values.file} kan niet worden gelezen.`);
      return 2;
    }
    if (!attachment?.sha256) {
      console.log('ONGELDIG: bij dit ontvangstbewijs hoort geen bijlage.');
      return 1;
    }
    if (sha256Hex(bytes) !== attachment.sha256) {
      console.log('ONGELDIG: dit bestand is niet het ingediende bestand; de vingerafdruk van de bijlage klopt niet.');
      return 1;
    }
  }
  console.log(`GELDIG: inhoud${values.file ? ' en bijlage' : ''} ongewijzigd en ondertekend met sleutel ${doc.keyId}; versie ${String(doc.content.version)}, ontvangen ${String(doc.content.submittedAt)}.`);
  return 0;
}

process.exitCode = main();

// asl-validator ships no types; this is the part the tests call.
declare module 'asl-validator' {
  export default function validator(definition: unknown): { isValid: boolean; errors: unknown[] };
}

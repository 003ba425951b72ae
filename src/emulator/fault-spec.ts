/** Fault rules written as text: `MODE[:OPERATION,...][@RATE]`, e.g. `stall:ListAccountRoles@0.1`. */
import { FAULT_MODES, FAULT_OPERATIONS, type FaultMode, type FaultRule } from './fault-modes.js';

/** The rule a spec describes; throws an Error that says what is wrong with it. */
export function parseFaultSpec(spec: string): FaultRule {
  const match = /^([a-z0-9-]+)(?::([A-Za-z.,]+))?(?:@([0-9.]+))?$/.exec(spec);
  const mode = match?.[1];
  if (!match || !(FAULT_MODES as readonly string[]).includes(mode ?? '')) {
    throw new Error(
      `${JSON.stringify(spec)} is not MODE[:OPERATION,...][@RATE]; modes: ${FAULT_MODES.join(', ')}`,
    );
  }
  const operations = match[2]?.split(',').filter(Boolean);
  const unknown = operations?.find((op) => !FAULT_OPERATIONS.includes(op));
  if (unknown !== undefined) {
    throw new Error(`unknown operation ${unknown}; operations: ${FAULT_OPERATIONS.join(', ')}`);
  }
  const rate = match[3] === undefined ? undefined : Number(match[3]);
  if (rate !== undefined && !(rate >= 0 && rate <= 1)) {
    throw new Error(`the rate in ${JSON.stringify(spec)} must be between 0 and 1`);
  }
  return {
    mode: mode as FaultMode,
    ...(operations && operations.length > 0 ? { operations } : {}),
    ...(rate === undefined ? {} : { rate }),
  };
}

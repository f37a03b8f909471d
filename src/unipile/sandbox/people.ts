// The directory of everyone the sandbox knows, by public identifier and by provider id. People
// are invented on first lookup (derivePersona) and kept, so later overrides change the same
// record every chat, invitation and relation points at.
import { looksLikeProviderId } from "./hash.js";
import {
  derivePersona,
  normalizeIdentifier,
  type Persona,
  type PersonaOverrides,
  withOverrides,
} from "./persona.js";

export class People {
  private readonly byIdentifier = new Map<string, Persona>();
  private readonly byProviderId = new Map<string, Persona>();

  constructor(private readonly seed: number) {}

  /** By public identifier (invented if new) or by provider id (only people already met). */
  find(identifierOrProviderId: string): Persona | undefined {
    if (looksLikeProviderId(identifierOrProviderId)) return this.byProviderId.get(identifierOrProviderId);
    return this.meet(identifierOrProviderId);
  }

  byProvider(providerId: string): Persona | undefined {
    return this.byProviderId.get(providerId);
  }

  meet(identifier: string): Persona {
    const key = normalizeIdentifier(identifier);
    const known = this.byIdentifier.get(key);
    if (known) return known;
    const persona = derivePersona(key, this.seed);
    this.byIdentifier.set(key, persona);
    this.byProviderId.set(persona.providerId, persona);
    return persona;
  }

  define(identifier: string, overrides: PersonaOverrides): Persona {
    const persona = this.meet(identifier);
    Object.assign(persona, withOverrides(persona, overrides));
    return persona;
  }
}

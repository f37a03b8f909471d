// Which errors count as a database outage (retried, never fatal) and which stay fatal.
import { describe, expect, it } from "vitest";
import { isDatabaseOutage, isPostgresWriteAfterClose } from "../../src/db/outage.js";

describe("isDatabaseOutage", () => {
  it("recognises the errors a database restart raises", () => {
    expect(isDatabaseOutage(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isDatabaseOutage(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }))).toBe(true);
    expect(isDatabaseOutage(Object.assign(new Error("write CONNECTION_CLOSED"), { code: "CONNECTION_CLOSED" }))).toBe(true);
    expect(isDatabaseOutage(Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" }))).toBe(true);
    expect(isDatabaseOutage(new AggregateError([new Error("Connection terminated unexpectedly")], "shutdown failed"))).toBe(true);
  });

  it("leaves other errors fatal", () => {
    expect(isDatabaseOutage(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(false);
    expect(isDatabaseOutage(Object.assign(new Error('relation "x" does not exist'), { code: "42P01" }))).toBe(false);
    expect(isDatabaseOutage(new AggregateError([new Error("Connection terminated"), new Error("bug")], "mixed"))).toBe(false);
    expect(isDatabaseOutage("Connection terminated")).toBe(false);
  });

  it("recognises postgres.js's write after close only by its own stack", () => {
    const race = new TypeError("Cannot read properties of null (reading 'write')");
    race.stack = `${race.message}\n    at Immediate.nextWrite (/app/node_modules/postgres/src/connection.js:255:22)`;
    expect(isPostgresWriteAfterClose(race)).toBe(true);
    const ours = new TypeError("Cannot read properties of null (reading 'write')");
    ours.stack = `${ours.message}\n    at send (/app/src/delivery/send.ts:10:3)`;
    expect(isPostgresWriteAfterClose(ours)).toBe(false);
  });
});

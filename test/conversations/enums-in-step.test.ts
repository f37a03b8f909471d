// The code's lists of labels and marks are the database's (src/db/enums.ts): a label the
// classifier gives or a mark the menu offers can always be stored.
import { describe, expect, it } from "vitest";
import { REPLY_LABELS } from "../../src/classify/labels.js";
import { LABEL_SOURCES, REPLY_LABEL_VALUES, REPLY_MARKS } from "../../src/db/enums.js";
import { MARKS } from "../../src/slack/blocks/conversation.js";

describe("labels and marks", () => {
  it("match the database's lists", () => {
    expect([...REPLY_LABELS].sort()).toEqual([...REPLY_LABEL_VALUES].sort());
    expect([...MARKS].sort()).toEqual([...REPLY_MARKS].sort());
    expect([...LABEL_SOURCES].sort()).toEqual(["llm", "offline", "person"]);
  });
});

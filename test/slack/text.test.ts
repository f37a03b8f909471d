// The one escaping path: outside text made inert for mrkdwn, plain_text and mrkdwn cut to Slack's
// limits; and the check the hostile-text test relies on, shown to refuse what Slack would misread.
import { describe, expect, it } from "vitest";
import { escapeMrkdwn, mrkdwnWithin, plainText } from "../../src/slack/text.js";
import { type SentPayload, unsafeSlackText } from "../support/slack-text-safety.js";

describe("escapeMrkdwn", () => {
  it("escapes Slack's three control characters, so no mention or link can be written", () => {
    expect(escapeMrkdwn("Q4 <!channel> <!here> <!everyone> <@U123> <#C123> <!subteam^S1|x> <https://evil.example|invoice>")).toBe(
      "Q4 &lt;!channel&gt; &lt;!here&gt; &lt;!everyone&gt; &lt;@U123&gt; &lt;#C123&gt; &lt;!subteam^S1|x&gt; &lt;https://evil.example|invoice&gt;",
    );
  });

  it("escapes an entity typed by the user, so it reads as typed", () => {
    expect(escapeMrkdwn("R&amp;D & Co")).toBe("R&amp;amp;D &amp; Co");
  });

  it("makes bare special mentions inert with a word joiner and keeps formatting marks and other characters as typed", () => {
    expect(escapeMrkdwn("@channel @Here @everyone @channels me@here.com")).toBe(
      "@\u2060channel @\u2060Here @\u2060everyone @channels me@\u2060here.com",
    );
    expect(escapeMrkdwn("*bold* _it_ `code` \u202Eabc\u200B")).toBe("*bold* _it_ `code` \u202Eabc\u200B");
  });

  it("drops NUL and lone surrogates, which Slack cannot take either", () => {
    expect(escapeMrkdwn("a\u0000b\uD800c")).toBe("abc");
  });
});

describe("plainText and mrkdwnWithin", () => {
  it("plainText cuts at the limit with an ellipsis, never escapes, never splits an emoji", () => {
    expect(plainText("<!channel> & co", 75)).toBe("<!channel> & co");
    expect(plainText("x".repeat(5_000), 150)).toBe(`${"x".repeat(149)}…`);
    expect(plainText(`${"a".repeat(22)}😀😀😀`, 24)).toBe(`${"a".repeat(22)}😀…`);
  });

  it("mrkdwnWithin never leaves a cut entity behind", () => {
    const text = `${"a".repeat(8)}&lt;b`;
    expect(mrkdwnWithin(text, 10)).toBe(`${"a".repeat(8)}…`);
    expect(mrkdwnWithin(text, 100)).toBe(text);
  });
});

describe("unsafeSlackText", () => {
  const message = (body: Record<string, unknown>): SentPayload[] => [{ where: "chat.postMessage", kind: "message", body }];
  const section = (text: string) => ({ text: "t", blocks: [{ type: "section", text: { type: "mrkdwn", text } }] });

  it("refuses every unescaped control sequence in mrkdwn, and accepts the escaped text and our own mentions", () => {
    for (const hostile of ["<!channel>", "<!here>", "<!everyone>", "<@U123>", "<#C123>", "<!subteam^S1>", "<https://x|y>", "R&amp;D", "a & b", "@here"]) {
      expect(unsafeSlackText(message({ text: `Campaign ${hostile}` })), hostile).not.toEqual([]);
      expect(unsafeSlackText(message(section(`*${hostile}*`))), hostile).not.toEqual([]);
      expect(unsafeSlackText(message({ text: escapeMrkdwn(hostile) })), hostile).toEqual([]);
    }
    expect(unsafeSlackText(message({ text: "<@U0ALICE0001> launched it" }), ["U0ALICE0001"])).toEqual([]);
    expect(unsafeSlackText(message({ text: "<@U123> launched it" }), ["U0ALICE0001"])).not.toEqual([]);
  });

  it("refuses text over Slack's limits", () => {
    expect(unsafeSlackText(message({ text: "x".repeat(40_001) }))).toHaveLength(1);
    expect(unsafeSlackText(message({ text: "t", blocks: [{ type: "header", text: { type: "plain_text", text: "x".repeat(151) } }] }))).toHaveLength(1);
    expect(unsafeSlackText(message(section("x".repeat(3_001))))).toHaveLength(1);
    const view: SentPayload = {
      where: "views.open",
      kind: "view",
      body: { title: { type: "plain_text", text: "x".repeat(25) }, private_metadata: "x".repeat(3_001), blocks: [] },
    };
    expect(unsafeSlackText([view])).toHaveLength(2);
    const option = { text: { type: "plain_text", text: "x" }, value: "v", description: { type: "plain_text", text: "x".repeat(82) } };
    const modal: SentPayload = { where: "views.open", kind: "view", body: { blocks: [{ type: "input", element: { type: "radio_buttons", options: [option] } }] } };
    expect(unsafeSlackText([modal])).toEqual(["#0 views.open.blocks[0].element.options[0].description.text: 82 characters, over Slack's 75"]);
  });
});

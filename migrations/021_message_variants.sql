-- A/B/n message variants (issue 16).
--
-- A step's texts live in campaigns.message_templates: the step's usual text is variant A
-- (`connection_request` for step 0, `follow_up_messages[n-1]` for step n) and
-- `message_templates.variants[step]`, when present, lists the texts of B, C and D (at most three).
-- A step without extra texts has no variants: its queue rows keep `variant` null.
--
-- `send_queue.variant` is the letter a prospect was given for that step, fixed once assigned:
-- at launch (a balanced, seeded split, src/variants/assign.ts), or, when the campaign
-- auto-optimises, when the row is first claimed (Thompson sampling on the step's replies so far,
-- src/variants/thompson.ts). The text sent is the assigned variant's current text.
alter table send_queue add column variant text check (variant in ('A', 'B', 'C', 'D'));

-- Auto-optimise (off by default): after `variant_min_sample` sends per variant of a step, new
-- assignments of that step follow Thompson sampling, every variant keeping at least 10 %.
alter table campaigns add column auto_optimise boolean not null default false;
alter table campaigns add column variant_min_sample integer not null default 30
  check (variant_min_sample between 1 and 10000);

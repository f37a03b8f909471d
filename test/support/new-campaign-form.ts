// The New-campaign modal's state.values as Slack sends them on submit, for tests that create a
// campaign through the real modal: a messenger campaign, Monday to Friday 09:00–17:00 in New York.
export interface NewCampaignFormInput {
  name: string;
  /** The account option's value, as the modal offered it. */
  account: string;
  followUps?: string[];
  delays?: string;
  /** A file of the workspace, for the CSV input. */
  fileId?: string;
}

export function newCampaignFormState(input: NewCampaignFormInput) {
  const text = (value: string | null) => ({ value: { type: "plain_text_input", value } });
  const followUps = input.followUps ?? [];
  return {
    values: {
      name: text(input.name),
      type: { value: { type: "radio_buttons", selected_option: { value: "messenger" } } },
      account: { value: { type: "static_select", selected_option: { value: input.account, text: { type: "plain_text", text: "x" } } } },
      first_message: text("Hi {first_name}"),
      ...Object.fromEntries([1, 2, 3, 4, 5].map((n) => [`follow_up_${n}`, text(followUps[n - 1] ?? null)])),
      delays: text(input.delays ?? ""),
      time_zone: text("America/New_York"),
      window_start: { value: { type: "timepicker", selected_time: "09:00" } },
      window_end: { value: { type: "timepicker", selected_time: "17:00" } },
      days: { value: { type: "checkboxes", selected_options: ["1", "2", "3", "4", "5"].map((value) => ({ value })) } },
      holidays: { value: { type: "checkboxes", selected_options: [{ value: "skip" }] } },
      holiday_country: text("US"),
      csv: { value: { type: "file_input", files: input.fileId ? [{ id: input.fileId }] : [] } },
    },
  };
}

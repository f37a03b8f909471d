// What a person's browser does with a hosted-auth link: opens the Unipile sandbox's wizard page,
// sends its form (sign in as `login`, or make the sign-in fail), and follows nothing further:
// the redirect is returned for the caller to check or open. Real HTTP on loopback.

export interface WizardVisit {
  /** The wizard page as the browser got it. */
  page: { status: number; html: string };
  /** The form's answer: 303 and where the browser is sent, or a page of its own. */
  answer: { status: number; location: string | null; html: string };
}

export async function signInThroughWizard(
  url: string,
  form: { login?: string; outcome: "success" | "failure" },
): Promise<WizardVisit> {
  const opened = await fetch(url, { redirect: "manual" });
  const page = { status: opened.status, html: await opened.text() };
  const sent = await fetch(url, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ outcome: form.outcome, ...(form.login ? { login: form.login, password: "not-checked" } : {}) }),
  });
  return { page, answer: { status: sent.status, location: sent.headers.get("location"), html: await sent.text() } };
}

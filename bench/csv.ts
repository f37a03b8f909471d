// A generated prospect CSV: realistic header spellings, names, companies and titles, a custom
// column, a few quoted values with commas, all rows valid and distinct, under the 10 MB limit.
const FIRST = [
  "Maria",
  "James",
  "Priya",
  "Tom",
  "Sofia",
  "Liam",
  "Emma",
  "Noah",
  "Ava",
  "Lucas",
  "Olivia",
  "Chloé",
  "Zoë",
  "Hannah",
  "Ethan",
  "Mateo",
];
const LAST = [
  "Garcia",
  "Chen",
  "Patel",
  "Becker",
  "Rossi",
  "O'Brien",
  "Wilson",
  "Schmidt",
  "Johnson",
  "Dubois",
  "Martin",
  "Ólafsdóttir",
  "Kim",
  "Brooks",
  "Nguyen",
];
const COMPANIES = [
  "Northwind Traders",
  "Contoso",
  "Fabrikam",
  "Globex",
  "Initech",
  "Umbrella Corp",
  "Hooli",
  "Stark Industries",
  "Acme, Inc.",
  "Pied Piper",
];
const TITLES = [
  "CEO",
  "CTO",
  "VP Sales",
  "Head of Operations",
  "Founder",
  "COO",
  "Marketing Director",
  "Engineering Manager",
];

function cell(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** `rows` data rows (plus the header) of a prospect CSV. */
export function generateProspectCsv(rows: number): Buffer {
  const parts: Buffer[] = [];
  let lines = ["First Name,Last Name,LinkedIn URL,Company,Job Title,Segment"];
  for (let i = 0; i < rows; i++) {
    if (lines.length >= 1000) {
      parts.push(Buffer.from(`${lines.join("\n")}\n`, "utf8"));
      lines = [];
    }
    const first = FIRST[i % FIRST.length]!;
    const last = LAST[(i * 7) % LAST.length]!;
    const slug = `${first}-${last}`
      .toLowerCase()
      .normalize("NFD")
      .replace(/[^a-z-]/g, "");
    lines.push(
      [
        first,
        last,
        `https://www.linkedin.com/in/${slug}-${i.toString(36)}/`,
        COMPANIES[i % COMPANIES.length]!,
        TITLES[i % TITLES.length]!,
        `s${i % 5}`,
      ]
        .map(cell)
        .join(","),
    );
  }
  if (lines.length > 0) parts.push(Buffer.from(`${lines.join("\n")}\n`, "utf8"));
  return Buffer.concat(parts);
}

// An RFC 5545 calendar file for a confirmed booking ("Add to calendar").

export type IcsEvent = {
  uid: string;
  start: number;
  end: number;
  summary: string;
  description: string;
  now?: number;
};

function stamp(instant: number): string {
  return new Date(instant)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

/**
 * RFC 5545 TEXT (3.3.11): backslash, comma and semicolon are escaped, every
 * line break (CRLF, LF or a bare CR) becomes "\n", and other control
 * characters, which TEXT may not contain, are dropped.
 */
function escapeText(text: string): string {
  const escaped = text
    .replace(/\\/g, "\\\\")
    .replace(/\r\n|\r|\n/g, "\\n")
    .replace(/([,;])/g, "\\$1");
  return [...escaped].filter((char) => char === "\t" || !isControl(char.charCodeAt(0))).join("");
}

const isControl = (code: number) => code < 0x20 || code === 0x7f;

/** Lines longer than 75 octets are folded with CRLF + space, as the RFC requires. */
function fold(line: string): string {
  const out: string[] = [];
  let rest = line;
  while (new TextEncoder().encode(rest).length > 75) {
    let cut = 74;
    while (new TextEncoder().encode(rest.slice(0, cut)).length > 74) cut--;
    out.push(rest.slice(0, cut));
    rest = ` ${rest.slice(cut)}`;
  }
  out.push(rest);
  return out.join("\r\n");
}

export function buildIcs(event: IcsEvent): string {
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//tabbook//booking//EN",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    "BEGIN:VEVENT",
    `UID:${event.uid}`,
    `DTSTAMP:${stamp(event.now ?? Date.now())}`,
    `DTSTART:${stamp(event.start)}`,
    `DTEND:${stamp(event.end)}`,
    `SUMMARY:${escapeText(event.summary)}`,
    `DESCRIPTION:${escapeText(event.description)}`,
    "END:VEVENT",
    "END:VCALENDAR",
  ];
  return lines.map(fold).join("\r\n") + "\r\n";
}

// Who email notices come from: SMTP_FROM's address, under the page's sender name when one is set.

/** The address part of SMTP_FROM ("Name <a@b>" or "a@b"). */
export function fromAddress(smtpFrom: string): string {
  return /<([^<>]+)>\s*$/.exec(smtpFrom)?.[1]?.trim() ?? smtpFrom.trim();
}

/**
 * The From header for nodemailer: SMTP_FROM as configured, or its address under the page's sender
 * name (nodemailer quotes and encodes the name).
 */
export function fromHeader(smtpFrom: string, senderName: string | null | undefined): string | { name: string; address: string } {
  return senderName ? { name: senderName, address: fromAddress(smtpFrom) } : smtpFrom;
}

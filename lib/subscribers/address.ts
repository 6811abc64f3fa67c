// Subscriber addresses, normalised the one way the database stores them.
import { parsePhoneNumberFromString } from "libphonenumber-js";
import { z } from "zod";
import type { SubscriberChannel } from "@/lib/vocabulary";

const email = z.email("Enter a valid email address");

export type AddressResult = { ok: true; address: string } | { ok: false; error: string };

export function normaliseAddress(channel: SubscriberChannel, raw: string): AddressResult {
  const value = raw.trim();
  switch (channel) {
    case "email": {
      const r = email.safeParse(value.toLowerCase());
      return r.success ? { ok: true, address: r.data } : { ok: false, error: `"${value}" is not a valid email address` };
    }
    case "sms": {
      // libphonenumber-js: the well-kept port of Google's libphonenumber metadata.
      const phone = parsePhoneNumberFromString(value);
      return phone?.isValid()
        ? { ok: true, address: phone.number }
        : { ok: false, error: `"${value}" is not a valid phone number in international (E.164) form, e.g. +14155550100` };
    }
    case "webhook": {
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        return { ok: false, error: `"${value}" is not a URL` };
      }
      if (url.protocol !== "https:" && url.protocol !== "http:") return { ok: false, error: "A webhook URL must use http or https" };
      if (url.username || url.password) return { ok: false, error: "A webhook URL must not contain credentials" };
      return { ok: true, address: url.toString() };
    }
  }
}

// A self-signed certificate for local fakes that must speak HTTPS (lib/fakes/x-api.ts): made at
// start with `selfsigned`, valid for localhost and 127.0.0.1 (and ::1). Trust it by passing `cert`
// as the `ca` of the client's https agent; nothing is written to disk.
import { generate } from "selfsigned";

export type SelfSignedCertificate = { key: string; cert: string };

export async function selfSignedCertificate(opts: { commonName?: string; hosts?: string[]; days?: number } = {}): Promise<SelfSignedCertificate> {
  const hosts = opts.hosts ?? ["localhost", "127.0.0.1", "::1"];
  const now = Date.now();
  const pems = await generate([{ name: "commonName", value: opts.commonName ?? "Herald local fake" }], {
    keyType: "ec",
    curve: "P-256",
    algorithm: "sha256",
    notBeforeDate: new Date(now - 60_000),
    notAfterDate: new Date(now + (opts.days ?? 30) * 86_400_000),
    extensions: [
      { name: "basicConstraints", cA: true },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true, keyCertSign: true },
      { name: "extKeyUsage", serverAuth: true },
      {
        name: "subjectAltName",
        altNames: hosts.map((h) => (/^[\d.]+$|:/.test(h) ? { type: 7 as const, ip: h } : { type: 2 as const, value: h })),
      },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

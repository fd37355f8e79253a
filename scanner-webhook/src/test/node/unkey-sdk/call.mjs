// One call of Unkey's SDK against a server URL, as a service configured for Unkey makes it with
// only its server URL changed: node call.mjs <serverURL> <verifyKey|whoami> '<request JSON>'.
// Prints one JSON line: {"ok": true, "result": ...} with what the SDK returned, or
// {"ok": false, "error": ...} with the SDK's typed error (its class name and parsed fields).
import { Unkey } from "@unkey/api";

const [serverURL, operation, request] = process.argv.slice(2);
// Unkey's SDKs always send "Authorization: Bearer <root key>"; the webhook ignores it.
const unkey = new Unkey({ serverURL, rootKey: "unkey_root_key_of_another_system", retryConfig: { strategy: "none" } });

try {
  const result = await unkey.keys[operation](JSON.parse(request));
  console.log(JSON.stringify({ ok: true, result }));
} catch (e) {
  console.log(
    JSON.stringify({
      ok: false,
      error: {
        name: e?.constructor?.name,
        statusCode: e?.statusCode,
        detail: e?.error?.detail,
        errors: e?.error?.errors,
        message: e?.message,
      },
    }),
  );
}

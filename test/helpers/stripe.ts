import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { TestContext } from "node:test";
import Stripe from "stripe";

export const TEST_WEBHOOK_SECRET = "whsec_test_secret";
export const CHECKOUT_ORIGIN = "https://checkout.stripe.com";

export interface StripeRequest {
  method: string;
  path: string;
  /** The form-encoded body Stripe's SDK sends, flattened ("line_items[0][price_data][unit_amount]"). */
  form: Record<string, string>;
  idempotencyKey: string | undefined;
}

export interface MockStripe {
  /** The official SDK, pointed at this server. */
  client: Stripe;
  requests: StripeRequest[];
  /** Where the API listens. */
  baseUrl: string;
  /** Makes the next session creation fail as Stripe does when it is down. */
  failNext(): void;
  /** Which PaymentIntent paid an invoice, for `GET /v1/invoice_payments?invoice=…`. */
  invoicePayments: Map<string, string>;
}

/**
 * A local HTTP server that answers the few Stripe API calls we make the way Stripe documents them
 * (a Checkout Session object with `id` and `url`; an empty invoice payment list), and records them.
 */
export async function startMockStripe(t: TestContext): Promise<MockStripe> {
  const requests: StripeRequest[] = [];
  let sessions = 0;
  let failing = false;
  const invoicePayments = new Map<string, string>();
  const server = createServer((request, response) => {
    let raw = "";
    request.on("data", (chunk: Buffer) => {
      raw += chunk.toString("utf8");
    });
    request.on("end", () => {
      const url = new URL(request.url ?? "/", "http://localhost");
      const form = Object.fromEntries(new URLSearchParams(request.method === "GET" ? url.search : raw));
      const key = request.headers["idempotency-key"];
      requests.push({
        method: request.method ?? "",
        path: url.pathname,
        form,
        idempotencyKey: typeof key === "string" ? key : undefined,
      });
      const json = (status: number, body: unknown) => {
        response.writeHead(status, {
          "content-type": "application/json",
          "request-id": `req_${requests.length}`,
        });
        response.end(JSON.stringify(body));
      };
      if (request.method === "POST" && url.pathname === "/v1/checkout/sessions") {
        if (failing) {
          failing = false;
          return json(400, { error: { type: "invalid_request_error", message: "Simulated failure" } });
        }
        const id = `cs_test_${++sessions}`;
        return json(200, {
          id,
          object: "checkout.session",
          mode: form.mode,
          status: "open",
          payment_status: "unpaid",
          client_reference_id: form.client_reference_id ?? null,
          metadata: { donation_id: form["metadata[donation_id]"] },
          // Checkout itself lives on Stripe's site; browser tests answer that address locally (page.route).
          url: `${CHECKOUT_ORIGIN}/c/pay/${id}`,
        });
      }
      if (request.method === "GET" && url.pathname === "/v1/invoice_payments") {
        const intent = invoicePayments.get(form.invoice ?? "");
        const data = intent
          ? [
              {
                id: `inpay_${form.invoice}`,
                object: "invoice_payment",
                invoice: form.invoice,
                status: "paid",
                payment: { type: "payment_intent", payment_intent: intent },
              },
            ]
          : [];
        return json(200, { object: "list", data, has_more: false, url: "/v1/invoice_payments" });
      }
      if (request.method === "GET" && url.pathname.startsWith("/pay/")) {
        response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        return response.end(
          `<!doctype html><title>Mock Checkout</title><h1>Mock Checkout ${url.pathname.slice(5)}</h1>`,
        );
      }
      json(404, { error: { type: "invalid_request_error", message: `No such route: ${url.pathname}` } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const client = new Stripe("sk_test_masthead", {
    host: "127.0.0.1",
    port,
    protocol: "http",
    maxNetworkRetries: 0,
  });
  return {
    client,
    requests,
    baseUrl,
    failNext: () => {
      failing = true;
    },
    invoicePayments,
  };
}

/** A webhook delivery as Stripe sends it: the JSON body and its signature header, made by the SDK itself. */
export function signedEvent(
  event: { id: string; type: string; data: { object: unknown } },
  now: number,
  secret = TEST_WEBHOOK_SECRET,
) {
  const payload = JSON.stringify({
    object: "event",
    api_version: "2026-10-28.endive",
    created: Math.floor(now / 1000),
    ...event,
  });
  const header = Stripe.webhooks.generateTestHeaderString({
    payload,
    secret,
    timestamp: Math.floor(now / 1000),
  });
  return { payload, headers: { "content-type": "application/json", "stripe-signature": header } };
}

let eventCounter = 0;
export const eventId = () => `evt_${++eventCounter}`;

const shipping = {
  name: "Ada Lovelace",
  address: {
    line1: "1 Harbour Road",
    line2: null,
    city: "Kiel",
    postal_code: "24103",
    state: null,
    country: "DE",
  },
};

/** A Checkout Session event about one donation, as Stripe sends it. */
export function sessionEvent(
  type: string,
  donationId: number,
  options: { paymentIntent?: string; subscription?: string; paid?: boolean } = {},
) {
  return {
    id: eventId(),
    type,
    data: {
      object: {
        id: `cs_test_${donationId}`,
        object: "checkout.session",
        mode: options.subscription ? "subscription" : "payment",
        payment_status: options.paid === false ? "unpaid" : "paid",
        status: "complete",
        client_reference_id: String(donationId),
        metadata: { donation_id: String(donationId) },
        payment_intent: options.paymentIntent ?? null,
        subscription: options.subscription ?? null,
        customer_details: { email: "ada@example.org", name: "Ada Lovelace" },
        collected_information: { shipping_details: shipping },
      },
    },
  };
}

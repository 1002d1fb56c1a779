// The standalone console page: sign in (Supabase Auth on a hosted project; on the local server, pick a
// user of auth.users), then <vigil-dashboard> with the signed-in supabase-js client.
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import { defineVigilDashboard, VigilDashboard } from "./element.ts";

export { VigilDashboard, defineVigilDashboard };

interface Config {
  /** The Supabase project URL, or the local server's origin. */
  url: string;
  anonKey: string;
  /** Served by `vigil dashboard`: sign-in is picking a user, whom the server then acts as. */
  local: boolean;
}

declare global {
  interface Window {
    __VIGIL_CONFIG__?: Partial<Config>;
  }
}

const app = document.getElementById("app");

function el(tag: string, text = "", attrs: Record<string, string> = {}): HTMLElement {
  const e = document.createElement(tag);
  e.textContent = text;
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

function mount(client: SupabaseClient, who: string, signOut: () => Promise<void>) {
  const bar = el("div", "", { class: "session" });
  const out = el("button", "Sign out", { type: "button", id: "sign-out" });
  out.addEventListener("click", async () => {
    await signOut();
    location.reload();
  });
  bar.append(el("span", `Signed in as ${who}`, { id: "who" }), out);
  const board = document.createElement("vigil-dashboard") as VigilDashboard;
  board.client = client;
  board.setAttribute("sync-url", "");
  app!.replaceChildren(bar, board);
}

async function local(config: Config) {
  const client = createClient(config.url, config.anonKey, { auth: { persistSession: false, autoRefreshToken: false } });
  const who = await (await fetch("/local/whoami")).json() as { user: { id: string; email: string | null } | null };
  const signOut = async () => {
    await fetch("/local/sign-out", { method: "POST" });
  };
  if (who.user) return mount(client, who.user.email ?? who.user.id, signOut);
  // No Auth server locally: signing in is choosing whom the local server acts as.
  const users = await (await fetch("/local/users")).json() as { id: string; email: string | null; tenants: string[] }[];
  const list = el("ul", "", { class: "picker" });
  for (const u of users) {
    const b = el("button", `${u.email ?? u.id}`, { type: "button", "data-user": u.id, "data-email": u.email ?? "" });
    b.addEventListener("click", async () => {
      await fetch("/local/sign-in", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ user: u.id }) });
      location.reload();
    });
    const li = el("li");
    li.append(b, el("span", u.tenants.length ? ` ${u.tenants.join(", ")}` : " (no tenant)", { class: "tenants" }));
    list.append(li);
  }
  app!.replaceChildren(el("h1", "Vigil: sign in as"), users.length ? list : el("p", "No user in auth.users yet: run `npm run demo`, which creates one."));
}

async function hosted(config: Config) {
  const client = createClient(config.url, config.anonKey);
  const { data } = await client.auth.getSession();
  if (data.session) return mount(client, data.session.user.email ?? data.session.user.id, async () => void (await client.auth.signOut()));
  const form = el("form", "", { class: "sign-in" }) as HTMLFormElement;
  const email = el("input", "", { type: "email", name: "email", placeholder: "email", required: "", autocomplete: "username" }) as HTMLInputElement;
  const password = el("input", "", { type: "password", name: "password", placeholder: "password", required: "", autocomplete: "current-password" }) as HTMLInputElement;
  const message = el("p", "", { class: "message", role: "alert" });
  form.append(el("h1", "Vigil: sign in"), email, password, el("button", "Sign in", { type: "submit" }), message);
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const { error } = await client.auth.signInWithPassword({ email: email.value, password: password.value });
    if (error) message.textContent = error.message;
    else location.reload();
  });
  app!.replaceChildren(form);
}

defineVigilDashboard();
if (app) {
  const config = { url: location.origin, anonKey: "local", local: true, ...window.__VIGIL_CONFIG__ } as Config;
  void (config.local ? local(config) : hosted(config));
}

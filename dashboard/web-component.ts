// The console as a web component for an app's own admin route:
//   <script type="module" src="vigil-dashboard.js"></script>
//   <vigil-dashboard supabase-url="https://<ref>.supabase.co" anon-key="<anon key>"></vigil-dashboard>
// or set element.client to the app's signed-in supabase-js client.
import { defineVigilDashboard, RpcError, VigilDashboard } from "./element.ts";

export { defineVigilDashboard, RpcError, VigilDashboard };
defineVigilDashboard();

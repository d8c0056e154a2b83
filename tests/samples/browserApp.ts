/**
 * The sample web app of the browser helper's Chromium test (helpers/browser/sessionHeader.chromium.test.ts)
 * and the README's browser snippet (between the `snippet` markers, copied into the README verbatim).
 * The test page provides `tracker` (standing in for OpenReplay's) and `API_ORIGIN`.
 */
const { tracker, API_ORIGIN } = window as unknown as {
  tracker: { getSessionID(): string | null };
  API_ORIGIN: string;
};

// snippet:browser start
import { propagateSessionHeader } from '../../helpers/browser/sessionHeader';

propagateSessionHeader({
  getSessionId: () => tracker.getSessionID(), // OpenReplay's tracker: null until a session has started
  allowedOrigins: [API_ORIGIN], // your API on another origin, which must allow the header (CORS)
});
// snippet:browser end

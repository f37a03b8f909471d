// The bot scopes the app asks for when a workspace installs it through /slack/install: exactly
// manifest.yml's oauth_config.scopes.bot (test/manifest holds the two equal), each needed by a
// method the code calls or an event it listens to.
export const BOT_SCOPES = [
  "commands",
  "chat:write",
  "chat:write.public",
  "channels:read",
  "channels:join",
  "channels:history",
  "groups:read",
  "groups:history",
  "files:read",
  "files:write",
  "users:read",
] as const;

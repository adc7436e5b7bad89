// A real OpenID Connect provider for the tests (the certified `oidc-provider` package), on
// 127.0.0.1. Configuration comes as JSON in OIDC_TEST_CONFIG: issuer, port, clients, and the
// signing keys (the tests make them, so they can also forge tokens with the provider's key).
// Any login with any password works (the package's development log-in page); the login is the
// account's e-mail, and a login starting with "unverified." has an unverified e-mail.
import Provider from 'oidc-provider';

const config = JSON.parse(process.env.OIDC_TEST_CONFIG);

const provider = new Provider(config.issuer, {
  clients: config.clients,
  jwks: config.jwks,
  cookies: { keys: ['test-only-cookie-key'] },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  findAccount: async (ctx, id) => ({
    accountId: id,
    claims: async () => ({
      sub: id,
      email: id.replace(/^unverified\./, ''),
      email_verified: !id.startsWith('unverified.'),
      name: id.split('@')[0],
    }),
  }),
  // First-party client: consent is implied, so the flow is log-in page → back to the client.
  loadExistingGrant: async (ctx) => {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
});
provider.on('server_error', (ctx, error) => console.error('server_error', error));
provider.on('end_session.error', (ctx, error) => console.error('end_session.error', error, error.cause));

provider.listen(config.port, '127.0.0.1', () => {
  console.log(`ready ${config.issuer}`);
});

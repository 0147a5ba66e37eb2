import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { gatewaySettings } from '../../gateway/settings.js';
import { demoUsers } from '../../services/hub/demo-users.js';
import { launcherSettings, pathSettings, subgraphSettings } from '../../services/hub/settings.js';
import { Roles, Scopes } from '../../services/shared/catalogue.js';

// The README is the newcomer's manual: every setting, command, demo user and catalogue row must be in it, as it is.

const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as {
  scripts: Record<string, string>;
};

describe('README.md', () => {
  it('documents every setting', () => {
    const specs = [
      ...Object.values(subgraphSettings(0)),
      ...Object.values(gatewaySettings),
      ...Object.values(launcherSettings),
      ...Object.values(pathSettings),
    ];
    for (const s of specs) expect(readme, s.env).toContain(`| \`${s.env}\` |`);
  });

  it('documents every command', () => {
    for (const name of Object.keys(pkg.scripts)) {
      const shown = name === 'start' || name === 'test' ? `npm ${name}` : `npm run ${name}`;
      expect(readme, name).toContain(shown);
    }
  });

  it('lists every demo user', () => {
    for (const u of demoUsers) expect(readme, u.login).toMatch(new RegExp(`\\| \`${u.login}\` \\| ${u.role} \\|`));
  });

  it('shows the permission catalogue exactly as the code has it', () => {
    for (const [role, d] of Object.entries(Roles)) {
      expect(readme, role).toContain(
        `| \`${role}\` | ${d.agency} | ${d.org} | ${d.scopes.map((s) => `\`${s}\``).join(' ')} |`,
      );
    }
    for (const [scope, text] of Object.entries(Scopes)) expect(readme, scope).toContain(`| \`${scope}\` | ${text} |`);
  });
});

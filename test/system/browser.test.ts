/** Which program opens a page: $BROWSER first, then the platform's own opener. */
import { describe, expect, it } from 'vitest';
import { browserCommand } from '../../src/system/browser.js';

const URL = 'https://example.com/x?a=1&b=2';

describe('the browser command', () => {
  it('takes $BROWSER: its first entry, its words, and %s where the URL goes', () => {
    expect(browserCommand(URL, { BROWSER: 'firefox' }, 'linux')).toEqual(['firefox', [URL]]);
    expect(browserCommand(URL, { BROWSER: ' :w3m:lynx' }, 'linux')).toEqual(['w3m', [URL]]);
    expect(browserCommand(URL, { BROWSER: 'chromium --new-window' }, 'darwin')).toEqual([
      'chromium',
      ['--new-window', URL],
    ]);
    expect(browserCommand(URL, { BROWSER: 'open -a Safari %s --fresh' }, 'linux')).toEqual([
      'open',
      ['-a', 'Safari', URL, '--fresh'],
    ]);
  });

  it('uses open on macOS, wslview under WSL and xdg-open elsewhere', () => {
    expect(browserCommand(URL, {}, 'darwin')).toEqual(['open', [URL]]);
    expect(browserCommand(URL, { BROWSER: '' }, 'darwin')).toEqual(['open', [URL]]);
    expect(browserCommand(URL, { WSL_DISTRO_NAME: 'Ubuntu' }, 'linux')).toEqual(['wslview', [URL]]);
    const [command] = browserCommand(URL, {}, 'linux');
    expect(['xdg-open', 'wslview']).toContain(command);
  });
});

/**
 * Puppeteer (pulled in by whatsapp-web.js) must not download its own browser:
 * Sportello uses Debian's Chromium at /usr/bin/chromium.
 */
module.exports = { skipDownload: true };

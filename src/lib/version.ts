/** The Kuma release this tool speaks for (API shapes, messages, defaults). */
export const KUMA_VERSION = '2.14.3';
export const PRODUCT = 'Kuma';

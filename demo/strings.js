// The demo pages' own words in the languages of the switch. Not the kit's: its elements translate
// themselves (widgets/locales); these are the host page's tab labels, switches and notes, as any
// host would keep its own. The English text in the HTML is the key; what a language lacks stays English.
//
// Marked in the HTML: `data-i18n` on an element whose whole text is one string, `data-i18n-attrs`
// naming attributes to translate (`data-i18n-attrs="aria-label title"`).

export const DEMO_STRINGS = {
  de: {
    'retention-kit demo: customer success dashboard': 'retention-kit-Demo: Customer-Success-Dashboard',
    demo: 'Demo',
    'Generated customers; simulated activity arrives as signed webhooks every 1.5 s.':
      'Generierte Kunden; simulierte Aktivität kommt alle 1,5 s als signierte Webhooks.',
    Language: 'Sprache',
    Theme: 'Design',
    System: 'System',
    Light: 'Hell',
    Dark: 'Dunkel',
    'Key figures': 'Kennzahlen',
    Views: 'Ansichten',
    'At risk': 'Gefährdet',
    'Whole book': 'Alle Kunden',
    Portfolio: 'Portfolio',
    Model: 'Modell',
    'Intervention queue': 'Maßnahmen-Warteschlange',
    Customer: 'Kunde',
    'Close customer detail': 'Kundendetails schließen',
    'CRM sidebar (a 320 px iframe)': 'CRM-Seitenleiste (ein 320-px-iframe)',
    "The same card inside a host's CRM sidebar (a 320 px iframe), following the selected customer:":
      'Dieselbe Karte in der CRM-Seitenleiste eines Hosts (ein 320-px-iframe), sie folgt dem gewählten Kunden:',
    'CRM sidebar with the customer health card': 'CRM-Seitenleiste mit der Kundenzustandskarte',
    'A plain host page: one script tag, nothing else': 'Eine schlichte Host-Seite: ein Script-Tag, sonst nichts',
    'CRM sidebar': 'CRM-Seitenleiste',
    'CRM sidebar (320 px)': 'CRM-Seitenleiste (320 px)',
  },
  es: {
    'retention-kit demo: customer success dashboard': 'Demo de retention-kit: panel de éxito del cliente',
    demo: 'demo',
    'Generated customers; simulated activity arrives as signed webhooks every 1.5 s.':
      'Clientes generados; la actividad simulada llega como webhooks firmados cada 1,5 s.',
    Language: 'Idioma',
    Theme: 'Tema',
    System: 'Sistema',
    Light: 'Claro',
    Dark: 'Oscuro',
    'Key figures': 'Cifras clave',
    Views: 'Vistas',
    'At risk': 'En riesgo',
    'Whole book': 'Todos los clientes',
    Portfolio: 'Cartera',
    Model: 'Modelo',
    'Intervention queue': 'Cola de intervenciones',
    Customer: 'Cliente',
    'Close customer detail': 'Cerrar el detalle del cliente',
    'CRM sidebar (a 320 px iframe)': 'Barra lateral del CRM (un iframe de 320 px)',
    "The same card inside a host's CRM sidebar (a 320 px iframe), following the selected customer:":
      'La misma tarjeta en la barra lateral del CRM de un anfitrión (un iframe de 320 px), siguiendo al cliente elegido:',
    'CRM sidebar with the customer health card': 'Barra lateral del CRM con la tarjeta de salud del cliente',
    'A plain host page: one script tag, nothing else': 'Una página anfitriona sencilla: una etiqueta script y nada más',
    'CRM sidebar': 'Barra lateral del CRM',
    'CRM sidebar (320 px)': 'Barra lateral del CRM (320 px)',
  },
  fr: {
    'retention-kit demo: customer success dashboard': 'Démo retention-kit : tableau de bord du succès client',
    demo: 'démo',
    'Generated customers; simulated activity arrives as signed webhooks every 1.5 s.':
      'Clients générés ; l’activité simulée arrive en webhooks signés toutes les 1,5 s.',
    Language: 'Langue',
    Theme: 'Thème',
    System: 'Système',
    Light: 'Clair',
    Dark: 'Sombre',
    'Key figures': 'Chiffres clés',
    Views: 'Vues',
    'At risk': 'À risque',
    'Whole book': 'Tous les clients',
    Portfolio: 'Portefeuille',
    Model: 'Modèle',
    'Intervention queue': 'File des interventions',
    Customer: 'Client',
    'Close customer detail': 'Fermer le détail du client',
    'CRM sidebar (a 320 px iframe)': 'Barre latérale du CRM (une iframe de 320 px)',
    "The same card inside a host's CRM sidebar (a 320 px iframe), following the selected customer:":
      'La même carte dans la barre latérale du CRM d’un hôte (une iframe de 320 px), qui suit le client choisi :',
    'CRM sidebar with the customer health card': 'Barre latérale du CRM avec la carte de santé du client',
    'A plain host page: one script tag, nothing else': 'Une page hôte simple : une balise script, rien d’autre',
    'CRM sidebar': 'Barre latérale du CRM',
    'CRM sidebar (320 px)': 'Barre latérale du CRM (320 px)',
  },
  ar: {
    'retention-kit demo: customer success dashboard': 'عرض retention-kit التجريبي: لوحة نجاح العملاء',
    demo: 'تجريبي',
    'Generated customers; simulated activity arrives as signed webhooks every 1.5 s.':
      'عملاء مولَّدون؛ يصل نشاط محاكى كطلبات webhook موقَّعة كل 1.5 ثانية.',
    Language: 'اللغة',
    Theme: 'السمة',
    System: 'النظام',
    Light: 'فاتح',
    Dark: 'داكن',
    'Key figures': 'الأرقام الرئيسية',
    Views: 'طرق العرض',
    'At risk': 'المعرّضون للخطر',
    'Whole book': 'جميع العملاء',
    Portfolio: 'المحفظة',
    Model: 'النموذج',
    'Intervention queue': 'قائمة التدخلات',
    Customer: 'العميل',
    'Close customer detail': 'إغلاق تفاصيل العميل',
    'CRM sidebar (a 320 px iframe)': 'الشريط الجانبي لنظام CRM (إطار iframe بعرض 320 بكسل)',
    "The same card inside a host's CRM sidebar (a 320 px iframe), following the selected customer:":
      'البطاقة نفسها داخل الشريط الجانبي لنظام CRM لدى المضيف (إطار iframe بعرض 320 بكسل)، تتبع العميل المحدد:',
    'CRM sidebar with the customer health card': 'الشريط الجانبي لنظام CRM مع بطاقة حالة العميل',
    'A plain host page: one script tag, nothing else': 'صفحة مضيفة بسيطة: وسم script واحد لا غير',
    'CRM sidebar': 'الشريط الجانبي لنظام CRM',
    'CRM sidebar (320 px)': 'الشريط الجانبي لنظام CRM (320 بكسل)',
  },
};

/** Each marked element's English, read the first time (the HTML's own text): element → text or attribute → English. */
const english = new WeakMap();

function source(element, name, current) {
  let known = english.get(element);
  if (!known) english.set(element, (known = new Map()));
  if (!known.has(name)) known.set(name, current);
  return known.get(name);
}

/** Puts the marked text under `root` (a document, or an element) in `locale`; English for `en` or a language the table lacks. */
export function translateDemo(root, locale) {
  const table = DEMO_STRINGS[locale.split('-')[0]] ?? {};
  const translate = (text) => table[text] ?? text;
  for (const element of root.querySelectorAll('[data-i18n]')) {
    element.textContent = translate(source(element, '', element.textContent.trim()));
  }
  for (const element of root.querySelectorAll('[data-i18n-attrs]')) {
    for (const name of element.dataset.i18nAttrs.split(/\s+/).filter(Boolean)) {
      element.setAttribute(name, translate(source(element, name, element.getAttribute(name) ?? '')));
    }
  }
}

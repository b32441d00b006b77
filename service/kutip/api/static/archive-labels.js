/* kutip: the archive pages' labels in Indonesian and English. The archive pages load these
 * instead of labels-id.js / labels-en.js, and i18n.js (shared with the page at /) picks one. */
window.KUTIP_LABELS = {
  id: {
    archive: "Arsip kutipan", searchTitle: "Cari kutipan", words: "Kata dalam kutipan",
    speaker: "Narasumber", type: "Jenis", anyType: "semua", outlet: "Media", since: "Sejak",
    until: "Sampai", search: "Cari", more: "Muat lagi", direct: "langsung", mixed: "campuran",
    indirect: "tidak langsung", working: "Mencari…", none: "Tidak ada kutipan yang cocok.",
    found: "{n} kutipan ditampilkan.", failed: "Gagal: {detail}", unknown: "Narasumber tidak diketahui",
    article: "Baca artikel", quotes: "{n} kutipan", aliases: "Juga disebut: {names}",
    roles: "Jabatan: {roles}", timeline: "Kutipan per bulan", undated: "tanpa tanggal",
  },
  en: {
    archive: "Quote archive", searchTitle: "Search quotes", words: "Words in the quote",
    speaker: "Speaker", type: "Type", anyType: "any", outlet: "Outlet", since: "Since",
    until: "Until", search: "Search", more: "Load more", direct: "direct", mixed: "mixed",
    indirect: "indirect", working: "Searching…", none: "No matching quotes.",
    found: "{n} quotes shown.", failed: "Failed: {detail}", unknown: "Unknown speaker",
    article: "Read the article", quotes: "{n} quotes", aliases: "Also called: {names}",
    roles: "Roles: {roles}", timeline: "Quotes per month", undated: "undated",
  },
};

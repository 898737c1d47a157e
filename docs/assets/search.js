// Starts Pagefind's search box on every page of the site (linked by docs/overrides/main.html).
(function (script) {
  if (typeof PagefindUI === "undefined") return;  // a site built without its index
  // Result URLs are absolute from the site root; the site may live under a sub-path.
  var base = new URL("../", script.src).pathname;  // this file is <site>/assets/search.js
  document.querySelectorAll("[data-pagefind-ui]").forEach(function (element, index) {
    if (!element.id) element.id = "pagefind-ui-" + index;
    new PagefindUI({
      element: "#" + element.id,
      bundlePath: base + "pagefind/",
      baseUrl: base,
      // a large site is indexed in chunks (sitegen/search.py): one search over all of them
      mergeIndex: (window.pagefindBundles || []).map(function (bundle) {
        return { bundlePath: base + bundle, baseUrl: base };
      }),
      showImages: false,
      showSubResults: false,
      resetStyles: false,
      pageSize: 8,
      translations: {
        placeholder: "搜索报告、机关、年度……",
        zero_results: "没有找到与 [SEARCH_TERM] 相关的页面",
        many_results: "找到 [COUNT] 个与 [SEARCH_TERM] 相关的页面",
        one_result: "找到 1 个与 [SEARCH_TERM] 相关的页面",
        load_more: "显示更多结果",
        clear_search: "清除",
        filters_label: "筛选"
      }
    });
  });
})(document.currentScript);

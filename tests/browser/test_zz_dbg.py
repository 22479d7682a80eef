from tests.browser.test_present import *  # noqa
def test_dbg(web):
    web.open("/", present="1", lang="th", province="TH-58")
    web.wait_charts(1)
    pg = web.page
    t = pg.locator(".js-plotly-plot .plot .point, .js-plotly-plot .plot path.point").first
    print("count", t.count())
    t.scroll_into_view_if_needed(); bx = t.bounding_box(); print(bx)
    pg.mouse.move(bx["x"]+bx["width"]/2, bx["y"]+bx["height"]/2); pg.wait_for_timeout(1000)
    print('hover', pg.locator(".js-plotly-plot .hoverlayer *").count(), pg.locator(".js-plotly-plot .hoverlayer .hovertext").count())
    print(pg.evaluate("() => document.elementFromPoint(%d,%d).outerHTML.slice(0,200)" % (bx["x"]+bx["width"]/2, bx["y"]+bx["height"]/2)))
    pg.screenshot(path="/tmp/hov2.png")

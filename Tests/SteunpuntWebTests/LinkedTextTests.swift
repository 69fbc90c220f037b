import Testing
@testable import SteunpuntWeb

@Suite("Links in plain text")
struct LinkedTextTests {
    @Test("web addresses and the toolbox's paths become links; the rest stays text")
    func links() {
        #expect(LinkedText.html("Zie https://steunpunt.example/aanbod/gids?x=1&y=2.") ==
                #"Zie <a href="https://steunpunt.example/aanbod/gids?x=1&amp;y=2">https://steunpunt.example/aanbod/gids?x=1&amp;y=2</a>."#)
        #expect(LinkedText.html("Aanbod:\n/aanbod/trainingen-voor-sleutelfiguren (training)") ==
                "Aanbod:\n<a href=\"/aanbod/trainingen-voor-sleutelfiguren\">/aanbod/trainingen-voor-sleutelfiguren</a> (training)")
        #expect(LinkedText.html("geen/aanbod/hier") == "geen/aanbod/hier", "a path inside a word is no link")
    }

    @Test("nothing typed becomes markup, and only http(s) addresses link")
    func escapes() {
        #expect(LinkedText.html(#"<script>alert("x")</script> & 'y'"#) == "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;")
        #expect(LinkedText.html("javascript:alert(1) https://a.example/\"><b>") == "javascript:alert(1) <a href=\"https://a.example/\">https://a.example/</a>&quot;&gt;&lt;b&gt;")
    }
}

import Foundation
import Hummingbird
import Mustache

/// The console's templates and stylesheet (`Assets`, compiled in by the EmbedSchema plugin), parsed once.
struct ConsoleViews: Sendable {
    let library: MustacheLibrary

    init() {
        var library = MustacheLibrary()
        for (file, text) in embeddedConsoleAssets where file.hasSuffix(".mustache") {
            do {
                try library.register(text, named: String(file.dropLast(".mustache".count)))
            } catch {
                // A template that does not parse is a defect of the build, found by the console's tests.
                preconditionFailure("console template \(file) does not parse: \(error)")
            }
        }
        self.library = library
    }

    /// A part of a page drawn on its own (shared by every viewer of it), to go into a page unescaped.
    func fragment(_ template: String, _ context: [String: Any]) -> String {
        library.render(context, withTemplate: template) ?? ""
    }

    /// The page, with the headers every page has: HTML, no caching of what a person saw, and a content
    /// security policy that lets nothing but this program's own stylesheet in.
    func page(_ template: String, _ context: [String: Any], status: HTTPResponse.Status) -> Response {
        let html = library.render(context, withTemplate: template) ?? "<!DOCTYPE html><title>缺少模板</title>"
        return Response(
            status: status,
            headers: [
                .contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
                .contentSecurityPolicy:
                    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
                .xContentTypeOptions: "nosniff",
            ],
            body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }

    /// A stylesheet or script of `Assets`, with its content type.
    func asset(_ file: String) -> (String, String)? {
        guard let text = embeddedConsoleAssets[file] else { return nil }
        if file.hasSuffix(".css") { return (text, "text/css; charset=utf-8") }
        return nil
    }
}

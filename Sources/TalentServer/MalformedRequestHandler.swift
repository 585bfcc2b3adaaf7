import Foundation
import Hummingbird
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// Answers what the HTTP parser could not read (a request line or header it refuses) with a problem
/// document, where Hummingbird's own answer is a 400 with no body at all. A request whose body was being
/// read when the parser failed is left to Hummingbird (its body's reader sees the error, and the route
/// answers it); garbage after requests read whole is answered once their answers are out, so none is
/// written out of turn or on top of another.
final class MalformedRequestHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// Requests whose head came in and whose answer has not been written to its end.
    private var answersOwed = 0
    /// A request's head came in and its end has not.
    private var readingRequest = false
    /// The parser's error, held until the answers owed before it are out.
    private var pending: HTTPParserError?

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            answersOwed += 1
            readingRequest = true
        case .end: readingRequest = false
        case .body: break
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let ended = if case .end = unwrapOutboundIn(data) { true } else { false }
        if ended { answersOwed = max(answersOwed - 1, 0) }
        context.write(data, promise: promise)
        if ended, answersOwed == 0, let error = pending {
            pending = nil
            answer(error, context: context)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let error = error as? HTTPParserError, !readingRequest else {
            context.fireErrorCaught(error)
            return
        }
        // The error goes no further: Hummingbird, seeing it, would write its empty 400 after this one. The
        // decoder reads nothing more, so the connection is closed once the answer is out.
        if answersOwed == 0 { answer(error, context: context) } else { pending = error }
    }

    private func answer(_ error: HTTPParserError, context: ChannelHandlerContext) {
        let body = (try? ProblemDetails.malformedRequest(error).encoded()) ?? Data()
        var headers: HTTPFields = [
            .contentType: "application/problem+json", .contentLength: String(body.count), .connection: "close",
        ]
        headers.append(contentsOf: AnswerHeaders.defaults)
        let head = HTTPResponse(status: .badRequest, headerFields: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(ByteBuffer(bytes: body))), promise: nil)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
    }
}

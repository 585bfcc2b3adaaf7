import Hummingbird

extension Response {
    /// An answer whose JSON text the register wrote by hand (`JSONObject`), with the content type of the
    /// answers Hummingbird's `JSONEncoder` writes.
    static func json(_ text: String, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}

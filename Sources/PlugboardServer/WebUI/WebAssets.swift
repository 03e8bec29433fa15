import Foundation

/// The web UI's files, read once from the PlugboardServer resource bundle and served from memory.
///
/// Only files found at load time are ever served, so a request path cannot reach anything else on disk.
struct WebAssets: Sendable {
    /// Files by their path under `Resources/`, such as `index.html` or `ui/js/api.js`.
    let files: [String: WebAsset]

    /// Reads every file under `directory`.
    init(directory: URL) {
        var files: [String: WebAsset] = [:]
        let root = directory.standardizedFileURL.path
        let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = enumerator?.nextObject() as? URL {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true,
                let contentType = WebAsset.contentType(forExtension: url.pathExtension),
                let data = try? Data(contentsOf: url)
            else { continue }
            let relative = String(url.standardizedFileURL.path.dropFirst(root.count)).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            files[relative] = WebAsset(data: data, contentType: contentType)
        }
        self.files = files
    }

    /// The files shipped in this build: `Resources/` of the PlugboardServer bundle.
    ///
    /// SwiftPM puts the bundle beside the executable (`.build/release/Plugboard_PlugboardServer.resources`);
    /// `Bundle.module` looks there first, then in the build folder it was compiled in.
    static let bundled = WebAssets(directory: Bundle.module.bundleURL.appendingPathComponent("Resources"))

    subscript(path: String) -> WebAsset? { files[path] }
}

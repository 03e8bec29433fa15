import Foundation
import GraphQL
import Graphiti
import Synchronization

/// An author in the test bookstore.
struct Author: Codable, Sendable {
    let id: String
    let name: String
}

/// A book in the test bookstore; `author` and `rating` are resolved, and `rating` fails for books without one.
struct Book: Codable, Sendable {
    let id: String
    let title: String
    let year: Int
    let tags: [String]
    let authorID: String
    let rating: Int?

    func author(context: Bookstore, arguments: NoArguments) -> Author? {
        context.author(id: authorID)
    }

    func rating(context: Bookstore, arguments: NoArguments) throws -> Int? {
        guard let rating else { throw BookstoreError.ratingUnavailable(title) }
        return rating
    }
}

enum BookstoreError: Error, CustomStringConvertible {
    case ratingUnavailable(String)
    case unknownAuthor(String)

    var description: String {
        switch self {
        case .ratingUnavailable(let title): return "The ratings service has no rating for \(title)."
        case .unknownAuthor(let id): return "No author has the id \(id)."
        }
    }
}

/// The bookstore's data, shared by every request to one test server; mutations change it.
final class Bookstore: Sendable {
    private let state = Mutex<(authors: [Author], books: [Book])>((
        [Author(id: "a1", name: "Ursula K. Le Guin"), Author(id: "a2", name: "Iain M. Banks")],
        [
            Book(id: "b1", title: "The Dispossessed", year: 1974, tags: ["anarchy", "physics"], authorID: "a1", rating: 5),
            Book(id: "b2", title: "The Left Hand of Darkness", year: 1969, tags: ["winter"], authorID: "a1", rating: nil),
            Book(id: "b3", title: "Excession", year: 1996, tags: ["culture", "ships"], authorID: "a2", rating: 4),
        ]
    ))

    func author(id: String) -> Author? { state.withLock { $0.authors.first { $0.id == id } } }
    func books() -> [Book] { state.withLock { $0.books } }

    func add(title: String, year: Int, authorID: String) throws -> Book {
        try state.withLock { state in
            guard state.authors.contains(where: { $0.id == authorID }) else { throw BookstoreError.unknownAuthor(authorID) }
            let book = Book(id: "b\(state.books.count + 1)", title: title, year: year, tags: [], authorID: authorID, rating: nil)
            state.books.append(book)
            return book
        }
    }
}

/// The root resolvers.
struct BookstoreResolver: Sendable {
    struct BookArguments: Codable, Sendable {
        let id: String
    }

    struct BooksArguments: Codable, Sendable {
        let authorId: String?
        let limit: Int?
    }

    struct AddBookArguments: Codable, Sendable {
        let title: String
        let year: Int
        let authorId: String
    }

    func book(context: Bookstore, arguments: BookArguments) -> Book? {
        context.books().first { $0.id == arguments.id }
    }

    func books(context: Bookstore, arguments: BooksArguments) -> [Book] {
        let books = context.books().filter { arguments.authorId == nil || $0.authorID == arguments.authorId }
        return Array(books.prefix(arguments.limit ?? books.count))
    }

    func addBook(context: Bookstore, arguments: AddBookArguments) throws -> Book {
        try context.add(title: arguments.title, year: arguments.year, authorID: arguments.authorId)
    }
}

/// The bookstore's GraphQL API: queries with arguments, nested objects, a field that fails, and a mutation.
struct BookstoreAPI: API {
    let resolver = BookstoreResolver()
    let schema: Graphiti.Schema<BookstoreResolver, Bookstore>

    init() throws {
        schema = try Graphiti.Schema<BookstoreResolver, Bookstore> {
            Type(Author.self) {
                Field("id", at: \.id)
                Field("name", at: \.name).description("The author's full name.")
            }
            .description("Someone who wrote books.")
            Type(Book.self) {
                Field("id", at: \.id)
                Field("title", at: \.title)
                Field("year", at: \.year).description("Year of first publication.")
                Field("tags", at: \.tags)
                Field("author", at: Book.author)
                Field("rating", at: Book.rating).description("Stars from 1 to 5, from the ratings service.")
            }
            .description("A book in the store.")
            Query {
                Field("book", at: BookstoreResolver.book) {
                    Argument("id", at: \.id).description("The book's id, such as b1.")
                }
                .description("One book by id.")
                Field("books", at: BookstoreResolver.books) {
                    Argument("authorId", at: \.authorId)
                    Argument("limit", at: \.limit)
                }
                .description("Books, optionally by one author.")
            }
            Mutation {
                Field("addBook", at: BookstoreResolver.addBook) {
                    Argument("title", at: \.title)
                    Argument("year", at: \.year)
                    Argument("authorId", at: \.authorId)
                }
                .description("Adds a book and returns it.")
            }
        }
    }
}

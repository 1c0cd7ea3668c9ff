// Sequelize 6 with its stock postgres dialect (over node-postgres), as an application uses it:
// models with autoincrement keys, a hasMany/belongsTo association and a unique index created by
// sync(); a migration through queryInterface (createTable, addColumn, addIndex); then CRUD and
// transactions. Prints one line per step, the same on PostgreSQL and on Rhizome.
const { Sequelize, DataTypes, Op } = require("sequelize");

async function main(url) {
  const sequelize = new Sequelize(url, { dialect: "postgres", logging: false });
  const Author = sequelize.define(
    "author",
    {
      id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
      name: { type: DataTypes.STRING(60), allowNull: false, unique: true },
      active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
    },
    { tableName: "sq_authors" },
  );
  const Book = sequelize.define(
    "book",
    {
      id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
      title: { type: DataTypes.STRING, allowNull: false },
      price: { type: DataTypes.DECIMAL(8, 2) },
      published: { type: DataTypes.DATEONLY },
    },
    { tableName: "sq_books", indexes: [{ unique: true, fields: ["title"] }] },
  );
  Author.hasMany(Book, { foreignKey: "authorId", onDelete: "CASCADE" });
  Book.belongsTo(Author, { foreignKey: "authorId" });

  const qi = sequelize.getQueryInterface();
  await qi.dropTable("sq_reviews");
  await sequelize.sync({ force: true });
  await sequelize.sync();
  console.log("tables", (await qi.showAllTables()).filter((t) => t.startsWith("sq_")).sort().join(","));

  // A migration, as sequelize-cli runs one.
  await qi.createTable("sq_reviews", {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    bookId: {
      type: DataTypes.INTEGER,
      allowNull: false,
      references: { model: "sq_books", key: "id" },
      onDelete: "CASCADE",
    },
    stars: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 3 },
    createdAt: { type: DataTypes.DATE, allowNull: false, defaultValue: Sequelize.fn("now") },
  });
  await qi.addColumn("sq_reviews", "body", { type: DataTypes.TEXT, allowNull: true });
  await qi.addIndex("sq_reviews", ["bookId", "stars"], { name: "sq_reviews_book_stars" });
  const described = await qi.describeTable("sq_reviews");
  console.log(
    "describe",
    Object.keys(described)
      .sort()
      .map((c) => `${c}:${described[c].type}:${described[c].allowNull}:${described[c].primaryKey}`)
      .join(","),
  );

  const ann = await Author.create({ name: "Ann" });
  const more = await Author.bulkCreate([{ name: "bob" }, { name: "Cleo", active: false }]);
  console.log("created", ann.id, ann.active, ann.createdAt instanceof Date && !isNaN(ann.createdAt), more.map((a) => a.id).join(","));
  const dune = await Book.create({ title: "Dune", price: "12.50", published: "1965-08-01", authorId: ann.id });
  await Book.bulkCreate([
    { title: "Emma", price: 7, authorId: ann.id },
    { title: "Beloved", price: "9.99", authorId: more[0].id },
  ]);
  await sequelize.query(
    'INSERT INTO "sq_reviews" ("bookId", "stars", "body") VALUES (:book, 5, :body)',
    { replacements: { book: dune.id, body: "great" } },
  );
  try {
    await Author.create({ name: "Ann" });
  } catch (e) {
    console.log("duplicate", e.name);
  }
  try {
    await Book.create({ title: "Dune", authorId: ann.id });
  } catch (e) {
    console.log("duplicate index", e.name);
  }

  const found = await Author.findAll({
    where: { name: { [Op.iLike]: "%E%" } },
    order: [["name", "DESC"]],
    limit: 2,
    offset: 0,
  });
  console.log("ilike", found.map((a) => a.name).join(","));
  const page = await Book.findAll({ order: [["title", "ASC"]], limit: 2, offset: 1 });
  console.log("page", page.map((b) => b.title).join(","));
  const cheap = await Book.findAll({
    where: { price: { [Op.lt]: 10 }, title: { [Op.notILike]: "x%" } },
    order: [["price", "ASC"]],
  });
  console.log("cheap", cheap.map((b) => `${b.title}:${Number(b.price)}`).join(","));
  const withBooks = await Author.findAll({
    include: [{ model: Book }],
    order: [["id", "ASC"], [Book, "title", "ASC"]],
  });
  console.log("include", withBooks.map((a) => `${a.name}[${a.books.map((b) => b.title).join("|")}]`).join(","));
  const paged = await Author.findAll({ include: Book, order: [["id", "ASC"]], limit: 1, offset: 1 });
  console.log("include paged", paged.map((a) => `${a.name}:${a.books.length}`).join(","));
  const book = await Book.findOne({ where: { title: "Dune" }, include: Author });
  console.log("belongsTo", book.title, book.author.name, book.published);
  console.log("count", await Book.count(), await Author.count({ where: { active: true } }));

  const [updated] = await Book.update({ price: "8.00" }, { where: { title: "Emma" } });
  await Book.increment("price", { by: 1, where: { title: "Beloved" } });
  const prices = await Book.findAll({ attributes: ["title", "price"], order: [["title", "ASC"]] });
  console.log("updated", updated, prices.map((b) => `${b.title}:${Number(b.price)}`).join(","));
  await dune.update({ price: "13.00" });
  await dune.reload();
  console.log("reload", Number(dune.price));

  await sequelize.transaction(async (t) => {
    await Author.create({ name: "Dan" }, { transaction: t });
  });
  try {
    await sequelize.transaction(async (t) => {
      await Author.create({ name: "Eve" }, { transaction: t });
      throw new Error("rolled back on purpose");
    });
  } catch (e) {
    console.log("rollback", e.message);
  }
  const t = await sequelize.transaction();
  await Book.destroy({ where: { title: "Emma" }, transaction: t });
  await t.commit();
  console.log("authors", (await Author.findAll({ order: [["id", "ASC"]] })).map((a) => a.name).join(","));

  const destroyed = await Author.destroy({ where: { name: "Ann" } });
  const left = await Book.findAll({ order: [["title", "ASC"]] });
  const reviews = await sequelize.query('SELECT count(*) AS n FROM "sq_reviews"', { type: Sequelize.QueryTypes.SELECT });
  console.log("destroy", destroyed, left.map((b) => b.title).join(","), reviews[0].n);

  await qi.dropTable("sq_reviews");
  await sequelize.drop();
  console.log("after drop", (await qi.showAllTables()).filter((x) => x.startsWith("sq_")).length);
  await sequelize.close();
}

main(process.argv[2]).catch((e) => {
  console.error(e);
  process.exit(1);
});

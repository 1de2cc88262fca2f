// The item editor: the rich-text body (django-prose-editor, ProseMirror) in Chinese, and autosave.
// Without this script the body is a plain textarea and the form saves as usual.

// The editor's own words, read through window.gettext when its module loads; it ships no Chinese.
const ZH = {
  "Update": "确定", "Cancel": "取消", "Insert": "插入",
  "URL": "链接地址", "Title": "提示文字", "Open in new window": "在新窗口打开", "Edit Link": "编辑链接",
  "Rows": "行数", "Columns": "列数", "Include header row": "包含表头行",
  "Table Properties": "表格设置", "Insert Table": "插入表格",
  "Image URL": "图片地址", "Alternative Text": "替代文字（说明图片内容）", "Caption": "图片说明",
  "Edit Figure": "编辑图片", "Edit Image": "编辑图片", "Insert Figure": "插入图片",
  "Add caption": "添加图片说明", "Remove caption": "删除图片说明", "Browse...": "选择……",
  "List properties": "列表设置", "Start at": "起始编号", "List type": "编号样式",
  "Decimal numbers": "阿拉伯数字", "Lowercase letters": "小写字母", "Uppercase letters": "大写字母",
  "Lowercase Roman numerals": "小写罗马数字", "Uppercase Roman numerals": "大写罗马数字", "Bullets": "圆点",
  "Toggle fullscreen": "全屏", "Edit HTML": "编辑源代码", "Prettify": "整理格式",
  "Yes": "是", "No": "否",
}
const baseGettext = window.gettext
window.gettext = (s) => ZH[s] ?? (baseGettext ? baseGettext(s) : s)

// Menu buttons by their data-name: what the button does, in words (title and accessible name).
const BUTTONS = {
  heading2: "二级标题", heading3: "三级标题", heading4: "四级标题", paragraph: "正文段落",
  bulletList: "项目符号列表", orderedList: "编号列表", blockquote: "引用", horizontalRule: "分隔线",
  figure: "插入图片", bold: "加粗", italic: "倾斜",
  link: "插入链接", unlink: "取消链接", table: "插入表格",
  "table:addColumnAfter": "在右侧插入列", "table:deleteColumn": "删除列",
  "table:addRowAfter": "在下方插入行", "table:deleteRow": "删除行",
  "table:mergeCells": "合并单元格", "table:splitCell": "拆分单元格",
  "table:toggleHeaderCell": "设为表头", "table:deleteTable": "删除表格",
  "history:undo": "撤销", "history:redo": "重做",
}
const OPTIONS = {
  "Heading 2": "二级标题", "Heading 3": "三级标题", "Heading 4": "四级标题", Paragraph: "正文段落",
  "unordered list": "项目符号列表", "ordered list": "编号列表", blockquote: "引用", figure: "图片",
}

const ICON_WORDS = { notes: "正文段落", format_list_bulleted: "项目符号列表", format_list_numbered: "编号列表" }

function localize(root) {
  // The options' words first: a button named below by its visible text then names it in Chinese.
  for (const option of root.querySelectorAll(".prose-menubar__option > *, option")) {
    const words = OPTIONS[option.textContent] || ZH[option.textContent]
    if (words) {
      if (option.tagName === "OPTION" && !option.hasAttribute("value")) option.value = option.textContent
      option.textContent = words
    }
  }
  for (const button of root.querySelectorAll("button.prose-menubar__button")) {
    const icon = button.dataset.icon || button.textContent
    let words = BUTTONS[button.dataset.name]
    if (button.closest(".prose-menubar__selected")) {
      const level = button.dataset.level
      words = `段落格式：${level ? BUTTONS[`heading${level}`] : ICON_WORDS[icon] || "正文段落"}`
    }
    if (words) {
      button.title = words
      button.setAttribute("aria-label", words)
    } else if (/^([\x00-\x7f]*|格式(：.*)?)$/.test(button.getAttribute("aria-label") || "")) {
      // (Again after the menu changes its text: a name given here before follows what the button shows.)
      // A button the menu builds with words of its own (the chosen paragraph format, shown as text): its
      // name holds those words, so what is read aloud matches what is seen (WCAG 2.5.3).
      const shown = button.classList.contains("material-icons") ? "" : button.textContent.trim()
      const name = shown ? `格式：${shown}` : "格式"
      button.setAttribute("aria-label", name)
      button.title = name
    }
    // The icon font draws a ligature word ("format_bold"); keep the icon, but out of the page's text.
    if (button.classList.contains("material-icons") && button.textContent) {
      button.dataset.icon = button.textContent
      button.textContent = ""
    }
  }
}

// Pasted from Word or WPS: ProseMirror's schema already drops fonts, colours and classes (only what the
// editor can show survives). Before that, keep Word's structure where its HTML hides it: headings 1 and
// 5-6 become the levels the site uses, and "list paragraphs" (p.MsoListParagraph with a typed-out marker)
// become real lists.
const LIST_MARKER = /^\s*([\d一二三四五六七八九十]+[.．、)）]|[（(][\d一二三四五六七八九十]+[)）]|[·•▪◆●○■□-])\s*/

function cleanPastedHTML(html) {
  if (!/urn:schemas-microsoft-com|mso-|Mso|wps/i.test(html)) return html
  const doc = new DOMParser().parseFromString(html, "text/html")
  const rename = (el, tag) => {
    const to = doc.createElement(tag)
    to.append(...el.childNodes)
    el.replaceWith(to)
    return to
  }
  for (const el of doc.querySelectorAll("h1")) rename(el, "h2")
  for (const el of doc.querySelectorAll("h5, h6")) rename(el, "h4")
  for (const el of doc.querySelectorAll("o\\:p")) el.remove()
  let list = null
  for (const p of [...doc.body.querySelectorAll("p")]) {
    const style = p.getAttribute("style") || ""
    const isItem = /MsoListParagraph/i.test(p.className) || /mso-list:\s*l\d/i.test(style)
    if (!isItem) {
      list = null
      continue
    }
    const markers = [...p.querySelectorAll("span[style*='mso-list:Ignore'], span[style*='mso-list: Ignore']")]
    const marker = markers.map((m) => m.textContent).join("") || p.textContent.match(LIST_MARKER)?.[0] || ""
    for (const m of markers) m.remove()
    const numbered = /[\d一二三四五六七八九十]/.test(marker)
    const first = p.firstChild
    if (first && first.nodeType === Node.TEXT_NODE) first.textContent = first.textContent.replace(LIST_MARKER, "")
    const tag = numbered ? "ol" : "ul"
    if (!list || list.tagName.toLowerCase() !== tag || list.nextElementSibling !== p) {
      list = doc.createElement(tag)
      p.before(list)
    }
    const li = doc.createElement("li")
    const para = doc.createElement("p")
    para.append(...p.childNodes)
    li.append(para)
    list.append(li)
    p.remove()
  }
  return doc.body.innerHTML
}

function actuallyEmpty(html) {
  return /^<(\w+)(\s[^>]*)?><\/\1>$/i.test(html) ? "" : html
}

async function createEditor(textarea) {
  const E = await import("../django_prose_editor/editor.js")
  const element = document.createElement("div")
  element.className = "prose-editor"
  textarea.before(element)
  element.append(textarea)
  const observer = new MutationObserver(() => localize(element))
  // Text the menu rewrites in place (characterData) is localized again too, not only nodes it replaces.
  observer.observe(element, { childList: true, subtree: true, characterData: true })
  const editor = new E.Editor({
    element,
    injectCSS: false, // a <style> element would break the CSP; workspace/editor.css has these rules
    extensions: [
      E.Document, E.Paragraph, E.Text, E.HardBreak,
      E.Heading.configure({ levels: [2, 3, 4] }),
      E.Bold, E.Italic,
      E.BulletList, E.OrderedList, E.ListItem, E.Blockquote,
      E.Link.configure({ enableTarget: false, protocols: ["http", "https", "mailto", "tel"] }),
      E.Table, E.TableRow, E.TableHeader, E.TableCell,
      E.Figure, E.Caption, E.Image,
      E.History, E.Dropcursor, E.Gapcursor,
      E.Menu,
    ],
    content: textarea.value,
    editorProps: { transformPastedHTML: cleanPastedHTML },
    onUpdate({ editor }) {
      textarea.value = actuallyEmpty(editor.getHTML())
      textarea.dispatchEvent(new Event("input", { bubbles: true }))
    },
  })
  localize(element)
  const label = document.querySelector(`label[for="${textarea.id}"]`)
  editor.view.dom.setAttribute("role", "textbox")
  editor.view.dom.setAttribute("aria-multiline", "true")
  if (label) {
    label.id = label.id || `${textarea.id}_label`
    editor.view.dom.setAttribute("aria-labelledby", label.id)
    label.addEventListener("click", () => editor.commands.focus())
  }
  const described = textarea.getAttribute("aria-describedby")
  if (described) editor.view.dom.setAttribute("aria-describedby", described)
  textarea.hidden = true
  element.dataset.ready = "1"
  return editor
}

// Autosave: post the form every 30 seconds when it changed; the answer says when and which revision.
function setUpAutosave(form) {
  let url = form.dataset.autosaveUrl
  if (!url) return
  const status = document.getElementById("autosave-status")
  const interval = Number(form.dataset.autosaveSeconds || 30) * 1000
  let dirty = false
  let busy = false
  let stopped = false
  const changed = () => { dirty = true }
  form.addEventListener("input", changed)
  form.addEventListener("change", changed)

  let pending = null // the autosave on its way, if any

  function save() {
    if (!dirty || busy || stopped) return
    const title = form.querySelector("[name=title]")
    if (title && !title.value.trim()) return // a draft needs a title before it can be kept
    busy = true
    dirty = false
    pending = send()
    return pending
  }

  async function send() {
    const data = new FormData(form)
    data.delete("upload")
    data.delete("_remove")
    try {
      const response = await fetch(url, {
        method: "POST",
        body: data,
        headers: { "X-Autosave": "1" },
        credentials: "same-origin",
      })
      const answer = await response.json()
      if (!response.ok) {
        status.textContent = answer.error?.message || "自动保存未完成。"
        status.classList.add("error")
        if (response.status === 409) stopped = true // someone else saved: never overwrite their work
        else dirty = true
        return
      }
      if (!dirty) form.dispatchEvent(new Event("autosaved"))
      status.classList.remove("error")
      status.textContent = `已自动保存 ${answer.saved_at}`
      form.querySelector("[name=expected_version]").value = answer.version
      if (url !== answer.autosave_url) {
        // A new item was created as a draft: from now on this page edits it.
        url = answer.autosave_url
        form.dataset.autosaveUrl = url
        form.action = answer.edit_url
        history.replaceState(null, "", answer.edit_url)
      }
    } catch {
      dirty = true
      status.textContent = "自动保存未完成（网络问题），稍后再试。"
    } finally {
      busy = false
      pending = null
    }
  }
  window.setInterval(save, interval)
  form.addEventListener("submit", (event) => {
    stopped = true
    if (pending) {
      // An autosave is on its way: send the form once it is back, with the version the autosave made, so
      // the editor's own autosave is never taken for someone else's change.
      event.preventDefault()
      const submitter = event.submitter
      pending.then(() => form.requestSubmit(submitter))
    }
  })
  form.autosaveNow = save // for tests and a future 保存草稿 button
}

// Leaving the page with changes nobody saved: the browser asks first.
function guardUnsaved(form) {
  let unsaved = false
  form.addEventListener("input", () => { unsaved = true })
  form.addEventListener("change", () => { unsaved = true })
  form.addEventListener("autosaved", () => { unsaved = false })
  form.addEventListener("submit", () => { unsaved = false })
  window.addEventListener("beforeunload", (event) => {
    if (unsaved) {
      event.preventDefault()
      event.returnValue = ""
    }
  })
}

// A picture uploaded as an attachment goes into the body where the cursor is, with its name as the
// alternative text (editable in the picture's dialog). Without the editor the button stays hidden.
function offerPictures(editor) {
  for (const button of document.querySelectorAll("[data-insert-image]")) {
    button.hidden = false
    button.addEventListener("click", () => {
      const alt = (button.dataset.alt || "").replace(/\.[^.]+$/, "")
      editor.chain().focus().setImage({ src: button.dataset.insertImage, alt }).run()
    })
  }
  return editor
}

const form = document.getElementById("item-form")
if (form) {
  guardUnsaved(form)
  const body = form.querySelector("textarea[data-rich-editor]")
  if (body && !body.disabled) {
    createEditor(body).then(offerPictures).catch((error) => {
      console.error(error)
      body.hidden = false
    })
  }
  setUpAutosave(form)
}

"""Languages of the portal: the one catalogue of interface strings, in English and Vietnamese.

Templates and views never hold visible wording themselves: they ask ``t("key", **values)``. The
procedure definitions carry their own translations (``{en: ..., vi: ...}`` values in the YAML) and
are localised by ``procedures.py``. A skin may override a few strings (``SKIN_OVERRIDES``).
"""

from __future__ import annotations

from datetime import date

LANGUAGES = ("en", "vi")
DEFAULT_LANGUAGE = "en"
LANGUAGE_NAMES = {"en": "English", "vi": "Tiếng Việt"}

# key: (English, Vietnamese). Placeholders use str.format: {agency}, {name}, ...
UI: dict[str, tuple[str, str]] = {
    # Layout
    "layout.skip": ("Skip to main content", "Chuyển đến nội dung chính"),
    "nav.main": ("Main", "Điều hướng chính"),
    "nav.procedures": ("Procedures", "Thủ tục hành chính"),
    "nav.track": ("Track an application", "Tra cứu hồ sơ"),
    "nav.assistant": ("Virtual assistant", "Trợ lý ảo"),
    "nav.sign_in": ("Sign in", "Đăng nhập"),
    "nav.sign_out": ("Sign out", "Đăng xuất"),
    "nav.language": ("Language", "Ngôn ngữ"),
    "footer.privacy": ("Privacy policy", "Chính sách bảo mật"),
    "footer.accessibility": ("Accessibility statement", "Tuyên bố hỗ trợ tiếp cận"),
    "footer.contact": ("Contact", "Liên hệ"),
    "footer.operated_by": ("{portal} · operated by {owner}", "{portal} · do {owner} quản lý"),
    "footer.simulation": (
        "A simulated portal for testing. It is not a real government service and no data leaves this "
        "computer.",
        "Cổng mô phỏng phục vụ kiểm thử. Đây không phải dịch vụ thật của nhà nước và không có dữ liệu nào "
        "rời khỏi máy tính này.",
    ),
    "page.home": ("Home", "Trang chủ"),
    # Home and catalogue
    "home.signed_out": ("You have signed out.", "Bạn đã đăng xuất."),
    "home.lead": (
        "Find public services, apply online with your national electronic identity, pay fees and follow "
        "your applications.",
        "Tìm dịch vụ công, nộp hồ sơ trực tuyến bằng định danh điện tử quốc gia, thanh toán phí và theo dõi "
        "hồ sơ của bạn.",
    ),
    "home.apply_online": ("Apply online", "Nộp hồ sơ trực tuyến"),
    "search.label": ("Search procedures", "Tìm kiếm thủ tục"),
    "search.button": ("Search", "Tìm kiếm"),
    "search.results_for": ("Search results for “{query}”", "Kết quả tìm kiếm “{query}”"),
    "search.found_one": ("1 procedure found for “{query}”.", "Tìm thấy 1 thủ tục cho “{query}”."),
    "search.found_many": (
        "{count} procedures found for “{query}”.",
        "Tìm thấy {count} thủ tục cho “{query}”.",
    ),
    "search.count": ("{count} procedures.", "{count} thủ tục."),
    "search.none": (
        "No procedure matches your search. Try fewer or different words.",
        "Không có thủ tục nào phù hợp. Hãy thử từ khóa khác hoặc ít từ hơn.",
    ),
    "catalogue.code": ("Code:", "Mã thủ tục:"),
    "catalogue.online": ("Online", "Trực tuyến"),
    "catalogue.counter_only": ("At the counter only", "Chỉ nộp tại quầy"),
    # Information page
    "info.steps": ("Steps", "Trình tự thực hiện"),
    "info.required_documents": ("Required documents", "Thành phần hồ sơ"),
    "info.fees": ("Fees", "Phí, lệ phí"),
    "info.time_limit": ("Time limit", "Thời hạn giải quyết"),
    "info.online": ("Online", "Trực tuyến"),
    "info.in_person": ("In person", "Trực tiếp"),
    "info.not_online": ("Not available online", "Không hỗ trợ trực tuyến"),
    "info.agency": ("Agency", "Cơ quan thực hiện"),
    "info.legal_basis": ("Legal basis", "Căn cứ pháp lý"),
    "info.result": ("Result", "Kết quả thực hiện"),
    "info.apply_online": ("Apply online", "Nộp hồ sơ trực tuyến"),
    "info.not_available": (
        "This procedure is not yet available online. Submit the dossier at the counter of {agency}.",
        "Thủ tục này chưa được cung cấp trực tuyến. Nộp hồ sơ tại quầy của {agency}.",
    ),
    "info.appointment_note": (
        "After you apply online you must attend an appointment at {agency} for biometrics "
        "(fingerprints and photo).",
        "Sau khi nộp hồ sơ trực tuyến, bạn phải đến {agency} theo lịch hẹn để thu nhận sinh trắc học "
        "(vân tay, ảnh chân dung).",
    ),
    "info.default_step.sign_in": (
        "Sign in with your national electronic identity.",
        "Đăng nhập bằng tài khoản định danh điện tử quốc gia.",
    ),
    "info.default_step.form": ("Fill in the e-form: {name}.", "Điền tờ khai điện tử: {name}."),
    "info.default_step.documents": ("Attach the required documents.", "Đính kèm các giấy tờ cần thiết."),
    "info.default_step.pay": (
        "Review the application and pay the fee online.",
        "Kiểm tra lại hồ sơ và thanh toán phí trực tuyến.",
    ),
    "info.default_step.review": ("Review and submit the application.", "Kiểm tra lại và nộp hồ sơ."),
    "info.default_step.process": (
        "{agency} checks and processes the dossier.",
        "{agency} kiểm tra và giải quyết hồ sơ.",
    ),
    "info.default_step.result": (
        "Download the result from your account: {result}.",
        "Tải kết quả từ tài khoản của bạn: {result}.",
    ),
    "info.eform_document": ("{name} declaration (the online e-form)", "Tờ khai {lname} (tờ khai điện tử)"),
    # Sign-on (simulated national eID)
    "eid.title": ("Sign in – National Electronic Identification", "Đăng nhập – Định danh điện tử quốc gia"),
    "eid.heading": ("National Electronic Identification", "Định danh điện tử quốc gia"),
    "eid.simulated": ("Simulated for testing", "Mô phỏng phục vụ kiểm thử"),
    "eid.intro": (
        "Sign in to {portal} with your national electronic identity (VNeID).",
        "Đăng nhập {portal} bằng định danh điện tử quốc gia (VNeID).",
    ),
    # The no_national_eid defect: the portal's own accounts instead of the national eID.
    "account.title": ("Sign in to your account", "Đăng nhập tài khoản"),
    "account.heading": ("Sign in with your portal account", "Đăng nhập bằng tài khoản của cổng"),
    "account.intro": (
        "Enter the personal identification number and password of your account on {portal}.",
        "Nhập số định danh cá nhân và mật khẩu tài khoản của bạn trên {portal}.",
    ),
    "eid.personal_id": ("Personal identification number", "Số định danh cá nhân"),
    "eid.personal_id_hint": (
        "The 12 digits on your citizen identity card",
        "12 chữ số trên thẻ căn cước của bạn",
    ),
    "eid.password": ("Password", "Mật khẩu"),
    "eid.submit": ("Sign in", "Đăng nhập"),
    "eid.bad_id": (
        "Enter your 12-digit personal identification number",
        "Nhập số định danh cá nhân gồm 12 chữ số",
    ),
    "eid.no_password": ("Enter your password", "Nhập mật khẩu"),
    "eid.failed": (
        "The personal identification number or password is incorrect",
        "Số định danh cá nhân hoặc mật khẩu không đúng",
    ),
    "eid.locked": (
        "Too many incorrect passwords for this personal identification number. For your security, "
        "sign-in is paused: try again in {minutes} minute(s).",
        "Nhập sai mật khẩu quá nhiều lần cho số định danh cá nhân này. Để bảo vệ tài khoản, việc đăng "
        "nhập tạm dừng: hãy thử lại sau {minutes} phút.",
    ),
    # Errors
    "error.problem": ("There is a problem", "Có lỗi cần sửa"),
    "error.prefix": ("Error: ", "Lỗi: "),
    "error.not_found": ("Page not found", "Không tìm thấy trang"),
    "error.not_found_text": (
        "If you typed the web address, check it is correct. If you followed a link, the page may have moved.",
        "Nếu bạn tự gõ địa chỉ, hãy kiểm tra lại. Nếu bạn bấm vào một liên kết, trang có thể đã được chuyển.",
    ),
    "error.too_large": ("The files are too large", "Tệp quá lớn"),
    "error.too_large_text": (
        "Each file must be 5 MB or smaller. Go back and choose smaller files.",
        "Mỗi tệp tối đa 5 MB. Hãy quay lại và chọn tệp nhỏ hơn.",
    ),
    "error.bad_form": ("The form could not be accepted", "Không thể tiếp nhận biểu mẫu"),
    "error.csrf": (
        "The form could not be accepted because its security token is missing or has expired. "
        "Go back, reload the page and try again.",
        "Không thể tiếp nhận biểu mẫu vì mã bảo mật bị thiếu hoặc đã hết hạn. "
        "Hãy quay lại, tải lại trang và thử lại.",
    ),
    "error.home": ("Go to the home page", "Về trang chủ"),
    # E-form
    "eform.step_heading": ("Step {number} of {total}: {title}", "Bước {number}/{total}: {title}"),
    "eform.prefilled": (
        "We have filled in what the population register knows about you. Check it and correct anything "
        "that has changed.",
        "Thông tin của bạn đã được điền sẵn từ Cơ sở dữ liệu quốc gia về dân cư. Hãy kiểm tra và sửa nếu "
        "có thay đổi.",
    ),
    "eform.required_note": (
        "Fields marked {marker} are required.",
        "Các trường có dấu {marker} là bắt buộc.",
    ),
    "eform.asterisk": ("with an asterisk", "sao"),
    "eform.continue": ("Continue", "Tiếp tục"),
    "eform.back": ("Back", "Quay lại"),
    "eform.choose": ("Choose an option", "Chọn một mục"),
    "eform.progress": ("Application progress", "Các bước nộp hồ sơ"),
    # The extra_fields and unlabelled_inputs defects
    "extra.religion": ("Religion", "Tôn giáo"),
    "extra.occupation": ("Occupation", "Nghề nghiệp"),
    "extra.notes": ("Notes", "Ghi chú"),
    # The small_targets defect: a row of tiny icon links
    "icons.about": ("About this procedure", "Thông tin thủ tục"),
    "icons.top": ("Back to top", "Lên đầu trang"),
    "icons.procedures": ("All procedures", "Tất cả thủ tục"),
    "progress.documents": ("Documents", "Giấy tờ"),
    "progress.review": ("Review", "Kiểm tra"),
    "progress.payment": ("Payment", "Thanh toán"),
    "hint.date": ("YYYY-MM-DD, for example 2025-01-31", "Định dạng YYYY-MM-DD, ví dụ 2025-01-31"),
    "hint.digits": ("{count} digits", "{count} chữ số"),
    "validation.required": ("Enter the {label}", "Nhập {label}"),
    "validation.select": ("Select the {label}", "Chọn {label}"),
    "validation.invalid": ("Enter a valid {label}", "Nhập {label} hợp lệ"),
    "validation.too_long": ("{Label} must be {max} characters or fewer", "{Label} tối đa {max} ký tự"),
    "validation.future": ("The {label} must not be in the future", "{Label} không được sau ngày hôm nay"),
    "validation.after": ("The {label} must be after the {other}", "{Label} phải sau {other}"),
    # Documents
    "documents.heading": ("Documents", "Giấy tờ đính kèm"),
    "documents.hint": (
        "Attach a scan or a clear photo of each document. Each file must be 5 MB or smaller.",
        "Đính kèm bản quét hoặc ảnh chụp rõ nét của từng giấy tờ. Mỗi tệp tối đa 5 MB.",
    ),
    "documents.none": ("No documents are required for this procedure.", "Thủ tục này không yêu cầu giấy tờ."),
    "documents.label": ("{name} ({types}, up to {mb} MB)", "{name} ({types}, tối đa {mb} MB)"),
    "documents.or": (" or ", " hoặc "),
    "documents.uploaded": (
        "Uploaded: {name}. Choose another file only to replace it.",
        "Đã tải lên: {name}. Chỉ chọn tệp khác nếu muốn thay thế.",
    ),
    "documents.missing": ("Attach the {name}", "Đính kèm {name}"),
    "documents.bad_type": ("The file must be a {types}", "Tệp phải là {types}"),
    "documents.too_big": ("The file must be {mb} MB or smaller", "Tệp tối đa {mb} MB"),
    "documents.empty": ("The selected file is empty", "Tệp đã chọn không có nội dung"),
    "documents.citizen_id_copy": ("Copy of citizen identity card", "Bản sao căn cước công dân"),
    # Review
    "review.heading": ("Review your application", "Kiểm tra lại hồ sơ"),
    "review.intro": ("Check your answers before you continue.", "Kiểm tra các thông tin trước khi tiếp tục."),
    "review.change": ("Change", "Sửa"),
    "review.not_provided": ("Not provided", "Không khai"),
    "review.none_needed": ("None needed", "Không yêu cầu"),
    "review.declaration": (
        "I declare that the information I have given is true",
        "Tôi cam đoan những thông tin đã khai là đúng sự thật",
    ),
    "review.declaration_missing": (
        "Confirm that the information you have given is true",
        "Xác nhận những thông tin đã khai là đúng sự thật",
    ),
    "review.confirm": ("Confirm and continue", "Xác nhận và tiếp tục"),
    # Payment and submission
    "payment.heading": ("Payment", "Thanh toán"),
    "payment.fee": ("Fee:", "Lệ phí:"),
    "payment.submit_heading": ("Submit your application", "Nộp hồ sơ"),
    "payment.no_fee": ("There is no fee for this procedure.", "Thủ tục này không thu phí."),
    "payment.pay_online": ("Pay online", "Thanh toán trực tuyến"),
    "payment.gateway_note": (
        "You will pay on the secure page of the payment gateway and then come back here.",
        "Bạn sẽ thanh toán trên trang an toàn của cổng thanh toán rồi quay lại đây.",
    ),
    "payment.cancelled": (
        "Payment was cancelled. You have not been charged.",
        "Đã hủy thanh toán. Bạn chưa bị trừ tiền.",
    ),
    "payment.received": ("Payment received", "Đã nhận thanh toán"),
    "payment.received_text": (
        "{amount} has been paid. Submit your application to send it to {agency}.",
        "Đã thanh toán {amount}. Nộp hồ sơ để gửi đến {agency}.",
    ),
    "payment.at_counter": (
        "Online payment is not available for this procedure. Pay the fee at the counter of {agency} when "
        "you collect the result.",
        "Dịch vụ chưa hỗ trợ thanh toán trực tuyến. Nộp phí tại quầy của {agency} khi nhận kết quả.",
    ),
    "appointment.notice": (
        "You must attend an appointment at {agency} to present the original documents.",
        "Bạn phải đến {agency} theo lịch hẹn để xuất trình bản chính giấy tờ.",
    ),
    "appointment.biometrics": (
        "Your fingerprints and portrait photo are also taken at the appointment.",
        "Tại buổi hẹn, cơ quan cũng thu nhận vân tay và ảnh chân dung của bạn.",
    ),
    "appointment.date": ("Appointment date", "Ngày hẹn"),
    "appointment.missing": ("Select an appointment date", "Chọn ngày hẹn"),
    "submission.submit": ("Submit application", "Nộp hồ sơ"),
    "submitted.heading": ("Application submitted", "Đã nộp hồ sơ"),
    "submitted.tracking_code": ("Tracking code:", "Mã hồ sơ:"),
    "submitted.sent": (
        "Your application for {name} has been sent to {agency}. Keep the tracking code to follow it.",
        "Hồ sơ {name} của bạn đã được gửi đến {agency}. Hãy lưu mã hồ sơ để theo dõi.",
    ),
    "submitted.appointment": (
        "Your appointment to present the original documents: {date} at {agency}.",
        "Lịch hẹn xuất trình bản chính giấy tờ: {date} tại {agency}.",
    ),
    "submitted.at_counter": (
        "Pay the fee of {amount} at the counter of {agency} when you collect the result.",
        "Nộp phí {amount} tại quầy của {agency} khi nhận kết quả.",
    ),
    "submitted.track": ("Track this application", "Tra cứu hồ sơ này"),
    # Payment gateway (simulated)
    "paygate.heading": ("Payment gateway (simulated)", "Cổng thanh toán (mô phỏng)"),
    "paygate.note": (
        "Simulated for testing: no money is moved.",
        "Mô phỏng phục vụ kiểm thử: không có giao dịch tiền thật.",
    ),
    "paygate.merchant": ("Merchant", "Đơn vị nhận tiền"),
    "paygate.order": ("Order", "Mã giao dịch"),
    "paygate.amount": ("Amount", "Số tiền"),
    "paygate.method": ("Payment method", "Phương thức thanh toán"),
    "paygate.method.Domestic card": ("Domestic card", "Thẻ nội địa"),
    "paygate.method.QR code": ("QR code", "Mã QR"),
    "paygate.method.E-wallet": ("E-wallet", "Ví điện tử"),
    "paygate.method_missing": ("Select a payment method", "Chọn phương thức thanh toán"),
    "paygate.pay": ("Pay now", "Thanh toán"),
    "paygate.cancel": ("Cancel payment", "Hủy thanh toán"),
    # Tracking
    "track.heading": ("Track an application", "Tra cứu hồ sơ"),
    "track.code": ("Tracking code", "Mã hồ sơ"),
    "track.code_hint": ("For example, HS2026-4038215967", "Ví dụ: HS2026-4038215967"),
    "track.submit": ("Track", "Tra cứu"),
    "track.enter_code": ("Enter a tracking code", "Nhập mã hồ sơ"),
    "track.bad_format": (
        "Enter the tracking code in the format HS2026-4038215967",
        "Nhập mã hồ sơ theo định dạng HS2026-4038215967",
    ),
    # The same answer for an unknown code and for another citizen's: a code's existence is not told.
    "track.not_found": (
        "No application with the tracking code {code} was found in your account. Check the code and "
        "try again.",
        "Không tìm thấy hồ sơ có mã {code} trong tài khoản của bạn. Hãy kiểm tra lại mã.",
    ),
    # Signed out, for every well-formed code, whether it exists or not.
    "track.sign_in_to_see": (
        "Sign in to see this application: only its applicant can track it",
        "Đăng nhập để xem hồ sơ này: chỉ người nộp hồ sơ mới tra cứu được",
    ),
    "track.procedure": ("Procedure", "Thủ tục"),
    "track.applicant": ("Applicant", "Người nộp"),
    "track.agency": ("Agency", "Cơ quan giải quyết"),
    "track.appointment": ("Appointment", "Lịch hẹn"),
    "track.status": ("Status", "Trạng thái"),
    "track.timeline": ("Status timeline", "Tiến trình hồ sơ"),
    "track.result": ("Result", "Kết quả"),
    "track.status_sentence": (
        "The status of this application is: {status} (since {when}).",
        "Trạng thái của hồ sơ: {status} (từ {when}).",
    ),
    "result.download": ("Download electronic result", "Tải kết quả điện tử"),
    "result.in_person": (
        "Collect the result in person at the counter of {agency}.",
        "Nhận kết quả trực tiếp tại quầy của {agency}.",
    ),
    "status.Submitted": ("Submitted", "Đã nộp"),
    "status.Accepted": ("Accepted", "Đã tiếp nhận"),
    "status.Processed": ("Processed", "Đã xử lý"),
    "status.Result issued": ("Result issued", "Đã có kết quả"),
    # The electronic result (PDF)
    "pdf.procedure": ("Procedure: {name} ({code})", "Thủ tục: {name} ({code})"),
    "pdf.result": ("Result: {name}", "Kết quả: {name}"),
    "pdf.citizen": ("Citizen: {name}", "Công dân: {name}"),
    "pdf.personal_id": ("Personal identification number: {id}", "Số định danh cá nhân: {id}"),
    "pdf.tracking_code": ("Tracking code: {code}", "Mã hồ sơ: {code}"),
    "pdf.issued": ("Issued: {when}", "Ngày cấp: {when}"),
    "pdf.issued_by": ("Electronic result issued by {agency}.", "Kết quả điện tử do {agency} cấp."),
    "pdf.disclaimer": (
        "This document was produced by a simulated portal for testing and has no legal value.",
        "Tài liệu do cổng mô phỏng tạo ra để kiểm thử, không có giá trị pháp lý.",
    ),
    # Virtual assistant
    "assistant.heading": ("Virtual assistant", "Trợ lý ảo"),
    "assistant.intro": (
        "Ask about the documents, the fee or the time limit of a procedure, for example: "
        "“How much is the fee for birth registration?”",
        "Hỏi về giấy tờ, lệ phí hoặc thời hạn giải quyết của một thủ tục, ví dụ: "
        "“Lệ phí đăng ký khai sinh là bao nhiêu tiền?”",
    ),
    "assistant.question": ("Your question", "Câu hỏi của bạn"),
    "assistant.ask": ("Ask", "Gửi câu hỏi"),
    "assistant.answer": ("Assistant's answer", "Câu trả lời của trợ lý"),
    "assistant.you_asked": ("You asked:", "Bạn hỏi:"),
    "assistant.empty": ("Type your question", "Nhập câu hỏi của bạn"),
    "assistant.documents": (
        "For {name} you need: {documents}.",
        "Để làm thủ tục {name}, bạn cần: {documents}.",
    ),
    "assistant.no_documents": (
        "For {name} you need no documents: the online e-form is enough.",
        "Thủ tục {name} không cần giấy tờ đính kèm: chỉ cần điền tờ khai điện tử.",
    ),
    "assistant.fee": (
        "The fee for {name} is {online} when you apply online and {in_person} at the counter.",
        "Lệ phí thủ tục {name} là {online} khi nộp trực tuyến và {in_person} khi nộp tại quầy.",
    ),
    "assistant.fee_counter_only": (
        "The fee for {name} is {in_person} at the counter; this procedure is not available online.",
        "Lệ phí thủ tục {name} là {in_person} khi nộp tại quầy; thủ tục này chưa được cung cấp trực tuyến.",
    ),
    "assistant.time": (
        "{name} takes {online} when you apply online and {in_person} at the counter.",
        "Thủ tục {name} được giải quyết trong {online} khi nộp trực tuyến và {in_person} khi nộp tại quầy.",
    ),
    "assistant.time_counter_only": (
        "{name} takes {in_person} at the counter; this procedure is not available online.",
        "Thủ tục {name} được giải quyết trong {in_person} khi nộp tại quầy; thủ tục này chưa được cung cấp "
        "trực tuyến.",
    ),
    "assistant.no_procedure": (
        "I could not find a procedure in your question. Name the procedure, for example “birth "
        "registration”, or look for it in the list of procedures.",
        "Tôi không tìm thấy thủ tục nào trong câu hỏi của bạn. Hãy nêu tên thủ tục, ví dụ “đăng ký khai "
        "sinh”, hoặc tìm trong danh sách thủ tục.",
    ),
    "assistant.no_topic": (
        "I could not find an answer to that question about {name}. I can tell you its documents, its fee "
        "and its time limit; everything else is on its information page and in the list of procedures.",
        "Tôi không tìm thấy câu trả lời cho câu hỏi này về thủ tục {name}. Tôi có thể cho bạn biết giấy tờ, "
        "lệ phí và thời hạn giải quyết; các thông tin khác có trên trang thông tin thủ tục và trong danh "
        "sách thủ tục.",
    ),
    "assistant.no_information": (
        "I have no information about {name}. Look for it in the list of procedures.",
        "Tôi không có thông tin về thủ tục {name}. Hãy tìm trong danh sách thủ tục.",
    ),
    "assistant.procedures_link": ("List of procedures", "Danh sách thủ tục"),
    "assistant.info_link": ("Information page: {name}", "Trang thông tin: {name}"),
    # Dialects (reference_portal/dialects.py): other ways of building the same portal
    "dialect.yes": ("Yes", "Có"),
    "dialect.no": ("No", "Không"),
    "dialect.held_before": ("Have you held this document before?", "Bạn đã từng được cấp giấy tờ này chưa?"),
    "dialect.urgent": ("Do you need an urgent service?", "Bạn có cần giải quyết khẩn không?"),
    "dialect.answer_question": ("Answer the question: {question}", "Trả lời câu hỏi: {question}"),
    "dialect.urgent_submitted": (
        "You asked for the urgent service: the urgent-service surcharge is payable at the counter of "
        "{agency}.",
        "Bạn đã yêu cầu giải quyết khẩn: phụ phí dịch vụ khẩn nộp tại quầy của {agency}.",
    ),
    "dialect.bank_account": ("Bank account number", "Số tài khoản ngân hàng"),
    "dialect.bank_account_hint": ("{low} to {high} digits", "Từ {low} đến {high} chữ số"),
    "dialect.bank_account_invalid": (
        "Enter a bank account number of {low} to {high} digits",
        "Nhập số tài khoản ngân hàng gồm {low} đến {high} chữ số",
    ),
    "dialect.result_delivery": ("How do you want to receive the result?", "Hình thức nhận kết quả"),
    "dialect.delivery.0": ("Electronic copy in your account", "Bản điện tử trên tài khoản của bạn"),
    "dialect.delivery.1": ("By post", "Qua dịch vụ bưu chính"),
    "dialect.delivery.2": ("At the counter", "Tại quầy"),
    "dialect.date_label": ("{label} (dd/mm/yyyy)", "{label} (dd/mm/yyyy)"),
    "dialect.date_hint": ("For example, 31/01/2025", "Ví dụ: 31/01/2025"),
    "dialect.date_invalid": (
        "Enter the {label} as dd/mm/yyyy, for example 31/01/2025",
        "Nhập {label} theo định dạng dd/mm/yyyy, ví dụ 31/01/2025",
    ),
    "dialect.page.applicant": ("Applicant and contact details", "Thông tin người nộp và liên hệ"),
    "dialect.page.details": ("Details of the application", "Thông tin hồ sơ"),
    "dialect.page.result": ("Receiving the result", "Nhận kết quả"),
    "dialect.step_indicator": ("Step {number}/{total}", "Bước {number}/{total}"),
    "dialect.tabs": ("Information about the procedure", "Thông tin thủ tục"),
    "dialect.pay_and_submit": ("Pay and submit", "Thanh toán và nộp hồ sơ"),
    "dialect.pay_and_submit_note": (
        "Paying submits your application at once.",
        "Khi thanh toán xong, hồ sơ được nộp ngay.",
    ),
    "dialect.track_script": (
        "The result is shown here after you press Track.",
        "Kết quả hiển thị tại đây sau khi bạn bấm Tra cứu.",
    ),
    "dialect.track_failed": (
        "The result could not be fetched. Try again.",
        "Chưa lấy được kết quả. Hãy thử lại.",
    ),
    "dialect.noscript": (
        "This page needs JavaScript to show the result.",
        "Trang này cần JavaScript để hiển thị kết quả.",
    ),
    "dialect.assistant_open": ("Virtual assistant", "Trợ lý ảo"),
    "dialect.assistant_failed": (
        "The assistant could not answer. Try again.",
        "Trợ lý chưa trả lời được. Hãy thử lại.",
    ),
    # One-time codes (otp_sign_on, otp_payment)
    "otp.heading": ("Confirm with a one-time code", "Xác thực bằng mã OTP"),
    "otp.sent_sign_on": (
        "We have sent a one-time code to your phone number ending in {last}.",
        "Mã OTP đã được gửi đến số điện thoại có đuôi {last}.",
    ),
    "otp.sent_payment": (
        "Confirm the payment of {amount} with the one-time code sent to your phone.",
        "Xác nhận thanh toán {amount} bằng mã OTP đã gửi đến điện thoại của bạn.",
    ),
    "otp.test_code": ("Test one-time code: {code}", "Mã OTP thử nghiệm: {code}"),
    "otp.code": ("One-time code", "Mã OTP"),
    "otp.code_hint": ("{digits} digits", "{digits} chữ số"),
    "otp.confirm": ("Confirm", "Xác nhận"),
    "otp.missing": ("Enter the one-time code", "Nhập mã OTP"),
    "otp.wrong": (
        "The one-time code is incorrect. Enter the {digits}-digit code you received",
        "Mã OTP không đúng. Nhập mã gồm {digits} chữ số bạn đã nhận",
    ),
    "otp.locked": (
        "Too many incorrect one-time codes. For your security, codes are not accepted for now: "
        "try again in {minutes} minute(s).",
        "Nhập sai mã OTP quá nhiều lần. Để bảo vệ tài khoản, mã OTP tạm thời không được chấp nhận: "
        "hãy thử lại sau {minutes} phút.",
    ),
    # The eid_chooser dialect: several sign-in methods, the national eID on its own provider's pages
    "chooser.title": ("Sign in", "Đăng nhập"),
    "chooser.intro": ("Choose how to sign in to {portal}.", "Chọn cách đăng nhập vào {portal}."),
    "chooser.methods": ("Sign-in methods", "Phương thức đăng nhập"),
    "chooser.national_eid": (
        "Sign in with national electronic identity",
        "Đăng nhập bằng định danh điện tử quốc gia",
    ),
    "chooser.digital_signature": (
        "Sign in with a digital signature certificate",
        "Đăng nhập bằng chứng thư số",
    ),
    "chooser.portal_account": ("Sign in with a portal account", "Đăng nhập bằng tài khoản của cổng"),
    "chooser.unavailable": (
        "This sign-in method is not available for test citizens. Sign in with your national electronic "
        "identity.",
        "Phương thức đăng nhập này chưa hỗ trợ công dân thử nghiệm. Hãy đăng nhập bằng định danh điện tử "
        "quốc gia.",
    ),
    "chooser.expired": (
        "The sign-in took too long or was interrupted. Choose a sign-in method again.",
        "Phiên đăng nhập đã hết hạn hoặc bị gián đoạn. Hãy chọn lại phương thức đăng nhập.",
    ),
    # The appointment_booking dialect
    "booking.heading": ("Book an appointment", "Đặt lịch hẹn"),
    "booking.intro": (
        "For {name} you must come to {agency} in person. Choose where and when.",
        "Thủ tục {name} cần bạn đến {agency} trực tiếp. Hãy chọn địa điểm và thời gian.",
    ),
    "booking.location": ("Location", "Địa điểm"),
    "booking.office.0": ("{agency}, Ba Dinh office", "{agency}, điểm tiếp nhận Ba Đình"),
    "booking.office.1": ("{agency}, Hoan Kiem office", "{agency}, điểm tiếp nhận Hoàn Kiếm"),
    "booking.office.2": ("{agency}, Cau Giay office", "{agency}, điểm tiếp nhận Cầu Giấy"),
    "booking.date": ("Date", "Ngày hẹn"),
    "booking.date_hint": (
        "A weekday (Monday to Friday) from tomorrow to {days} days ahead",
        "Một ngày làm việc (thứ Hai đến thứ Sáu) từ ngày mai đến {days} ngày tới",
    ),
    "booking.slot": ("Time slot", "Khung giờ"),
    "booking.full": ("{slot} (full)", "{slot} (đã kín)"),
    "booking.confirm": ("Confirm appointment", "Xác nhận lịch hẹn"),
    "booking.location_missing": ("Select a location", "Chọn địa điểm"),
    "booking.date_missing": ("Enter the date of the appointment", "Nhập ngày hẹn"),
    "booking.date_invalid": (
        "Choose a weekday from tomorrow to {days} days ahead",
        "Chọn một ngày làm việc từ ngày mai đến {days} ngày tới",
    ),
    "booking.slot_missing": ("Select a time slot", "Chọn khung giờ"),
    "booking.slot_full": (
        "That time slot is full. Choose another one",
        "Khung giờ này đã kín. Hãy chọn khung giờ khác",
    ),
    "booking.summary": ("{location}, {date}, {slot}", "{location}, {date}, {slot}"),
    "booking.pending": (
        "In-person appointment: {summary} – pending",
        "Hẹn làm việc trực tiếp: {summary} – chưa thực hiện",
    ),
    "booking.submitted": ("Your appointment: {summary}.", "Lịch hẹn của bạn: {summary}."),
    "progress.appointment": ("Appointment", "Lịch hẹn"),
    # Static pages
    "privacy.title": ("Privacy policy", "Chính sách bảo mật"),
    "accessibility.title": ("Accessibility statement", "Tuyên bố hỗ trợ tiếp cận"),
    "contact.title": ("Contact and feedback", "Liên hệ và góp ý"),
    "contact.intro": (
        "Questions about a procedure or about this portal, or a problem to report? Write to the support "
        "desk of {owner}. We aim to reply within 5 working days.",
        "Bạn có câu hỏi về thủ tục hoặc về cổng, hay muốn báo một lỗi? Hãy gửi cho bộ phận hỗ trợ của "
        "{owner}. Chúng tôi phản hồi trong vòng 5 ngày làm việc.",
    ),
    "contact.form": ("Send feedback", "Gửi góp ý"),
    "contact.name": ("Your name (optional)", "Họ tên của bạn (không bắt buộc)"),
    "contact.email": ("Email address (optional)", "Thư điện tử (không bắt buộc)"),
    "contact.message": ("Your message", "Nội dung góp ý"),
    "contact.send": ("Send", "Gửi"),
    "contact.empty": ("Type your message", "Nhập nội dung góp ý"),
    "contact.bad_email": (
        "Enter an email address in the correct format, like name@example.com",
        "Nhập thư điện tử đúng định dạng, ví dụ name@example.com",
    ),
    "contact.thanks": (
        "Thank you: your message has been received. We aim to reply within 5 working days.",
        "Cảm ơn bạn: góp ý của bạn đã được tiếp nhận. Chúng tôi phản hồi trong vòng 5 ngày làm việc.",
    ),
    # inaccessible_markup: the wording of its decoys (low-contrast notice, the strip's title).
    "inaccessible.notice": (
        "Notice: some services of this portal are being upgraded this month.",
        "Thông báo: một số dịch vụ của cổng đang được nâng cấp trong tháng này.",
    ),
    "inaccessible.strip": ("Partner sites", "Trang liên kết"),
    # Units
    "unit.working_day": ("{count} working day", "{count} ngày làm việc"),
    "unit.working_days": ("{count} working days", "{count} ngày làm việc"),
}

# A skin may word a few things its own way (the harness learns them from the skin's profile).
SKIN_OVERRIDES: dict[str, dict[str, tuple[str, str]]] = {
    "default": {},
    "alternate": {
        "track.timeline": ("Processing progress", "Tiến trình xử lý"),
        "nav.procedures": ("Public services", "Dịch vụ công"),
        "track.heading": ("Look up an application", "Tra cứu hồ sơ"),
    },
}

WEEKDAYS_VI = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


def current_language() -> str:
    """The language of the current request (``DEFAULT_LANGUAGE`` outside a request)."""
    from flask import g, has_app_context

    return (g.get("lang") if has_app_context() else None) or DEFAULT_LANGUAGE


def _current_skin() -> str:
    from flask import g, has_app_context

    return (g.get("skin") if has_app_context() else None) or "default"


def t(key: str, lang: str | None = None, **values) -> str:
    """The interface string ``key`` in ``lang`` (default: the request's), with values filled in."""
    lang = lang or current_language()
    pair = SKIN_OVERRIDES.get(_current_skin(), {}).get(key) or UI[key]
    text = pair[LANGUAGES.index(lang)]
    return text.format(**values) if values else text


def localize(value, lang: str, fallback: bool = True):
    """A YAML value in one language: ``{en: .., vi: ..}`` picks one; a plain text is English.

    With ``fallback`` a plain text serves every language (names of laws, option codes like "A1");
    without it a plain text is English only and gives ``None`` in Vietnamese.
    """
    if value is None:
        return None
    if isinstance(value, dict):
        chosen = value.get(lang)
        if chosen is None and fallback:
            chosen = value.get(DEFAULT_LANGUAGE)
        return None if chosen is None else str(chosen)
    if fallback or lang == DEFAULT_LANGUAGE:
        return str(value)
    return None


def vnd(amount: int, lang: str | None = None) -> str:
    lang = lang or current_language()
    if lang == "vi":
        return f"{amount:,} đồng".replace(",", ".")
    return f"{amount:,} VND"


def working_days(days: int, lang: str | None = None) -> str:
    return t("unit.working_day" if days == 1 else "unit.working_days", lang, count=days)


def long_date(day: date, lang: str | None = None) -> str:
    lang = lang or current_language()
    if lang == "vi":
        return f"{WEEKDAYS_VI[day.weekday()]}, {day:%d/%m/%Y}"
    return f"{day:%A} {day.day} {day:%B %Y}"


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]

# language: vi
@temporary_absence_declaration
Tính năng: Khai báo tạm vắng, toàn trình trực tuyến
  Là một công dân sắp đi làm việc xa nhà vài tháng
  Tôi muốn khai báo tạm vắng ngay tại nhà
  Để không phải đến công an xã

  Bối cảnh:
    Cho tôi đã đăng nhập bằng định danh điện tử quốc gia

  Kịch bản: Công dân khai báo tạm vắng mà không phải đến cơ quan nhà nước
    Cho tôi đọc trang thông tin của thủ tục
    Khi tôi nộp hồ sơ trực tuyến
    Và tôi điền tờ khai điện tử với:
      | trường               | giá trị                 |
      | absence.destination  | Đà Nẵng                 |
      | absence.start_date   | 2026-12-15              |
      | absence.end_date     | 2027-03-15              |
      | absence.reason       | Đi công tác dài ngày    |
    Và tôi đính kèm các giấy tờ cần thiết
    Và tôi kiểm tra và xác nhận hồ sơ
    Và tôi thanh toán phí trực tuyến
    Và tôi nộp hồ sơ
    Thì tôi nhận được mã hồ sơ
    Khi tôi theo dõi hồ sơ của tôi trên trang tra cứu
    Thì trang tra cứu hiển thị trạng thái hồ sơ của tôi
    Khi tôi tải kết quả điện tử
    Thì tôi nhận được kết quả giải quyết hồ sơ
    Và thông tin của tôi được điền sẵn từ cơ sở dữ liệu quốc gia về dân cư
    Và toàn bộ thủ tục được hoàn thành trực tuyến, không phải đến cơ quan nhà nước
    Và cổng đáp ứng các tiêu chí chất lượng trên mọi trang
